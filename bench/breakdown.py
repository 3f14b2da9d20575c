#!/usr/bin/env python3
"""Where MlSecAnalyzers' time goes in a sampled trace of `--profile` (see bench/README.md, Profiling).

usage: python3 bench/breakdown.py trace.speedscope.json

Reads the speedscope export of a `dotnet-trace collect --profile dotnet-sampled-thread-time` trace and prints, for the
samples taken on a CPU inside an MlSecAnalyzers frame, the share spent in each category below (the first that matches
a frame under the analyzer's callback wins), then the package's CPU samples against the compiler's
(MethodCompiler.CompileNamedType).
"""
import collections
import json
import sys

CATEGORIES = [
    ("suspended for a GC", "PollGC"),
    ("driver: is the diagnostic in generated code", "IsInGeneratedCode"),
    ("driver: other ReportDiagnostic work", "ReportDiagnostic"),
    ("type lookups by metadata name", "GetTypesByMetadataName"),
    ("compilation's referenced assembly names", "ReferencedAssemblyNames"),
    ("binding", "Binder"),
    ("semantic model", "SemanticModel"),
    ("syntax (nodes, tokens, text)", "Microsoft.CodeAnalysis!Microsoft.CodeAnalysis.Syntax"),
    ("syntax (nodes, tokens, text)", "Microsoft.CodeAnalysis!Microsoft.CodeAnalysis.Text"),
    ("syntax (nodes, tokens, text)", "Microsoft.CodeAnalysis!Microsoft.CodeAnalysis.ChildSyntaxList"),
    ("syntax (nodes, tokens, text)", "Microsoft.CodeAnalysis.CSharp!Microsoft.CodeAnalysis.CSharp.Syntax"),
    ("operations", "Microsoft.CodeAnalysis!Microsoft.CodeAnalysis.Operation"),
    ("symbols", "Microsoft.CodeAnalysis.CSharp!Microsoft.CodeAnalysis.CSharp.Symbols."),
    ("symbols", "Microsoft.CodeAnalysis!Microsoft.CodeAnalysis.SymbolEqualityComparer"),
]


def main(path):
    with open(path) as f:
        trace = json.load(f)
    frames = [frame["name"] for frame in trace["shared"]["frames"]]
    ours = [name.startswith("MlSecAnalyzers!") for name in frames]
    compiler = ["MethodCompiler.CompileNamedType" in name for name in frames]
    on_cpu = [name == "CPU_TIME" for name in frames]

    shares = collections.Counter()
    package = compile_ = 0.0
    for profile in trace["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            at = event["at"]
            if last is not None and stack and on_cpu[stack[-1]]:
                elapsed = at - last
                first = next((i for i, frame in enumerate(stack) if ours[frame]), None)
                if first is not None:
                    package += elapsed
                    # Categories name what the package calls into: other assemblies' frames, method part only.
                    below = [frames[frame].split("(")[0] for frame in stack[first:] if not ours[frame]]
                    category = next((label for label, marker in CATEGORIES if any(marker in name for name in below)), "MlSecAnalyzers' own code (and the BCL collections, strings and casts it uses)")
                    shares[category] += elapsed
                elif any(compiler[frame] for frame in stack):
                    compile_ += elapsed
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()

    if package == 0:
        print("no MlSecAnalyzers frame on a CPU in this trace")
        return 1
    print(f"MlSecAnalyzers on CPU: {package:.0f} ms of samples; compiler (CompileNamedType): {compile_:.0f} ms "
          f"-> {100 * package / compile_:.1f} % of compile" if compile_ else "")
    for label, value in shares.most_common():
        print(f"  {100 * value / package:5.1f} %  {label}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
