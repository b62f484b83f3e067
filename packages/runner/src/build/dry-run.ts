import { join } from 'node:path';
import { type BuilderAdapter, formatArgv } from '@catalog/builders';
import { buildArgsFor, type NodeJob } from './node-pipeline.js';
import { type BuildRunSettings, inputHashLabel, localImageName } from './settings.js';

/**
 * The exact commands a run would execute, in order, without running anything. Values known only
 * while building (digests, input hashes) appear as <placeholders>.
 */
export function dryRunCommands(
  jobs: readonly NodeJob[],
  adapter: BuilderAdapter,
  settings: BuildRunSettings,
  labelPrefix: string,
): string[] {
  const lines: string[] = [];
  const pinned = (job: NodeJob): string =>
    settings.push
      ? `${settings.registry}/${job.node.image}@<digest of ${job.node.id}>`
      : localImageName(job.node.image, job.tag, settings.out);
  const byId = new Map(jobs.map((job) => [job.node.id, job]));
  for (const job of jobs) {
    lines.push(`# ${job.node.id}`);
    if (job.prepare)
      lines.push(
        `(cd ${settings.root} && ${formatArgv(job.prepare.run)})  # then copied to ${join(job.dir, job.prepare.file)}`,
      );
    const parentJob = job.node.parent?.type === 'node' ? byId.get(job.node.parent.id) : undefined;
    const locked = job.node.parent?.type === 'external' ? settings.pinnedParents?.get(job.node.parent.ref) : undefined;
    const parent = job.node.parent
      ? parentJob
        ? { digest: `<digest of ${parentJob.node.id}>`, pullRef: pinned(parentJob) }
        : (locked ?? {
            digest: '<digest in the registry>',
            pullRef: `<${job.node.parent.type === 'node' ? job.node.parent.id : job.node.parent.ref} pinned by digest>`,
          })
      : null;
    const buildArgs = buildArgsFor(job, settings, parent);
    const image = localImageName(job.node.image, job.tag, settings.out);
    const ociLayoutDir = join(settings.out, 'oci', job.rendered.outDir);
    const request = {
      contextDir: job.dir,
      dockerfile: join(job.dir, 'Dockerfile'),
      image,
      buildArgs,
      labels: { [inputHashLabel(labelPrefix)]: '<input hash>' },
      iidFile: join(settings.out, 'oci', `${job.rendered.outDir}.iid`),
      timestamp: Math.floor(settings.sourceDate.getTime() / 1000),
      tlsVerify: settings.tlsVerify,
      layers: true,
      ociLayoutDir,
    };
    lines.push(formatArgv(adapter.buildArgv(request)));
    const exportArgv = adapter.exportArgv({ image, ociLayoutDir });
    if (exportArgv) lines.push(formatArgv(exportArgv));
    if (settings.push)
      lines.push(`# push ${ociLayoutDir} by digest to ${settings.registry}/${job.node.image} (OCI distribution API)`);
  }
  if (settings.push) lines.push('# then tag every node whose whole selected subtree built');
  return lines;
}
