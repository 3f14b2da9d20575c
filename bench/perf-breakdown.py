#!/usr/bin/env python3
"""On-CPU breakdown of MlSecAnalyzers from a Linux `perf` profile of `--profile` (see bench/README.md, Profiling).

usage: python3 bench/perf-breakdown.py perf.txt [--skip FRACTION] [--top N]

perf.txt is `perf script -F comm,tid,time,ip,sym,dso` of a `perf record -g` of the bench, run with
DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 so that JIT-compiled frames have names. perf samples a
thread only while it runs on a CPU, so a thread that waits (descheduled, or stopped for a GC) adds nothing: unlike
dotnet-trace's thread-time samples, the figures are CPU. Samples in the first FRACTION of the run (0.5 by default:
start-up, JIT warm-up) are skipped.

Prints the package's samples as a share of the compiler's (samples with a MethodCompiler frame and no MlSecAnalyzers
frame), split by the type of the outermost MlSecAnalyzers frame (the analyzer whose callback it is), then the package
methods with the most samples, inclusive and innermost (self plus what it calls outside the package).
"""
import collections
import re
import sys

HEADER = re.compile(r"^(.*?)\s+(\d+)\s+([\d.]+):")
OWN = "[MlSecAnalyzers]"
METHOD = re.compile(r"\] ((?:MlSecAnalyzers\.)?[\w.`+<>|]+::[\w<>|`]+)")


def read(path):
    samples, current = [], None
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if current:
                    samples.append(current)
                current = None
            elif line[0] not in "\t ":
                match = HEADER.match(line)
                current = (float(match.group(3)), []) if match else None
            elif current is not None:
                current[1].append(line.strip())
    if current:
        samples.append(current)
    return samples


def method(frame):
    match = METHOD.search(frame)
    return (match.group(1) if match else frame[:100]).replace("MlSecAnalyzers.", "")


def main(path, skip, top):
    samples = read(path)
    if not samples:
        print("no samples in " + path)
        return 1
    first, last = min(s[0] for s in samples), max(s[0] for s in samples)
    cut = first + (last - first) * skip

    compiler = 0
    analyzers, inclusive, innermost = collections.Counter(), collections.Counter(), collections.Counter()
    for time, frames in samples:  # frames: innermost first
        if time < cut:
            continue
        own = [i for i, frame in enumerate(frames) if OWN in frame]
        if not own:
            if any("MethodCompiler" in frame for frame in frames):
                compiler += 1
            continue
        analyzers[method(frames[own[-1]]).split("::")[0].split("+")[0]] += 1
        for name in {method(frames[i]) for i in own}:
            inclusive[name] += 1
        innermost[method(frames[own[0]])] += 1

    package = sum(analyzers.values())
    if package == 0 or compiler == 0:
        print(f"package samples {package}, compiler samples {compiler}: nothing to compare")
        return 1
    print(f"MlSecAnalyzers {package} samples = {100 * package / compiler:.2f} % of the compiler's {compiler}")
    print("by analyzer (outermost package frame), % of compiler:")
    for name, count in analyzers.most_common():
        print(f"  {100 * count / compiler:6.2f} %  {name}")
    if top <= 0:
        return 0
    print(f"top {top} package methods, inclusive, % of the package:")
    for name, count in inclusive.most_common(top):
        print(f"  {100 * count / package:6.1f} %  {name}")
    print(f"top {top} package methods, innermost, % of the package:")
    for name, count in innermost.most_common(top):
        print(f"  {100 * count / package:6.1f} %  {name}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__)
        sys.exit(2)
    options = dict(zip(args[1::2], args[2::2]))
    sys.exit(main(args[0], float(options.get("--skip", 0.5)), int(options.get("--top", 20))))
