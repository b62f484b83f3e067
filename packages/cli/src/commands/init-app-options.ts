export interface InitAppOptions {
  readonly from: string;
  readonly dir?: string;
}
