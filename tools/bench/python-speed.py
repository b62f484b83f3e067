# A pure-Python benchmark: recursion, n-body floats, JSON round trips, regular expressions and dict
# building, about half a second per run on these machines (long enough that a 2% difference is not
# noise). Prints one JSON line: the best of N runs' wall time in seconds ("total") and each part's
# best ("parts"), which tells where two builds differ. Run by python-speed.mjs with our Python and
# with Debian's same-version Python, alternating.
import json
import re
import sys
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def nbody(steps):
    bodies = [[0.0, 0.0, 0.0, 0.01, 0.02, 0.0, 39.47], [4.84, -1.16, -0.10, 0.606, 2.81, -0.02, 0.037],
              [8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011], [12.89, -15.11, -0.22, 1.08, 0.868, -0.01, 0.0017],
              [15.37, -25.91, 0.179, 0.979, 0.594, -0.034, 0.002]]
    dt = 0.01
    for _ in range(steps):
        for i, (x1, y1, z1, _vx, _vy, _vz, m1) in enumerate(bodies):
            for other in bodies[i + 1:]:
                dx, dy, dz = x1 - other[0], y1 - other[1], z1 - other[2]
                mag = dt / ((dx * dx + dy * dy + dz * dz) ** 1.5)
                b = bodies[i]
                b[3] -= dx * other[6] * mag
                b[4] -= dy * other[6] * mag
                b[5] -= dz * other[6] * mag
                other[3] += dx * m1 * mag
                other[4] += dy * m1 * mag
                other[5] += dz * m1 * mag
        for b in bodies:
            b[0] += dt * b[3]
            b[1] += dt * b[4]
            b[2] += dt * b[5]
    return bodies[0][0]


def json_round_trips(n):
    doc = {"items": [{"id": i, "name": f"item-{i}", "tags": ["a", "b", str(i)], "price": i * 1.5} for i in range(200)]}
    for _ in range(n):
        doc = json.loads(json.dumps(doc))
    return len(doc["items"])


def regexes(n):
    text = " ".join(f"user{i}@example{i % 7}.org visited /path/{i}?q={i * 3}" for i in range(300))
    pattern = re.compile(r"(\w+)@(\w+)\.org visited (/\S+)")
    return sum(len(pattern.findall(text)) for _ in range(n))


def dicts(n):
    total = 0
    for _ in range(n):
        d = {f"key{i}": i for i in range(5000)}
        total += sum(v for k, v in d.items() if k.endswith("7"))
    return total


PARTS = {
    "recursion": lambda: fib(28),
    "nbody": lambda: nbody(20000),
    "json": lambda: json_round_trips(200),
    "regex": lambda: regexes(400),
    "dicts": lambda: dicts(100),
}


def once():
    """One run: each part's wall time in seconds."""
    times = {}
    for name, part in PARTS.items():
        start = time.perf_counter()
        part()
        times[name] = time.perf_counter() - start
    return times


if __name__ == "__main__":
    runs = [once() for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5)]
    total = min(sum(run.values()) for run in runs)
    parts = {name: round(min(run[name] for run in runs), 4) for name in PARTS}
    print(json.dumps({"total": round(total, 4), "parts": parts}))
