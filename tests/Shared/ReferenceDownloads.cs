using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace MlSecAnalyzers.Testing;

/// <summary>
/// Gets the reference packages of the tests and the bench onto disk before they are resolved for real (linked into both
/// projects). Microsoft.CodeAnalysis.Testing 1.1.4 leaves out of a resolution the dependency packages it had to download
/// for it, and downloads only one more dependency level per resolution (measured with an empty temp-folder package
/// cache: the bench's corpus failed with CS0246 on IChatClient, the ML tests with CS0012 on System.ClientModel and
/// Microsoft.ML.DataView, and Semantic Kernel's set still lacked its Abstractions after two resolutions). Its answers are
/// cached per process, so the program runs itself as a child that resolves every set (<see cref="ResolveHere"/>), again
/// until a run downloads nothing. With everything on disk that is one run of a second or two.
/// </summary>
internal static class ReferenceDownloads
{
    public const string Argument = "--resolve-references";
    private const string ChildVariable = "MLSEC_RESOLVING_REFERENCES";
    private const int DownloadedExitCode = 3;

    /// <summary>Runs the entry assembly of <paramref name="program"/> with <see cref="Argument"/> until a run downloads nothing; nothing in that child.</summary>
    public static void Complete(Type program)
    {
        if (Environment.GetEnvironmentVariable(ChildVariable) is not null)
            return;

        for (var run = 0; run < 10; run++)
        {
            // `dotnet X.dll` (dotnet run, dotnet test's host) or the program's apphost.
            var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) != "testhost" ? path : "dotnet";
            var start = new ProcessStartInfo(host) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
                start.ArgumentList.Add(program.Assembly.Location);
            start.ArgumentList.Add(Argument);
            start.Environment[ChildVariable] = "1";
            using var child = Process.Start(start)!;
            child.WaitForExit();
            if (child.ExitCode == 0)
                return;
            if (child.ExitCode != DownloadedExitCode)
                throw new InvalidOperationException($"resolving the reference packages failed (exit code {child.ExitCode})");
        }
    }

    /// <summary>The child's work: resolve <paramref name="sets"/>; the exit code says whether packages were downloaded.</summary>
    public static int ResolveHere(IEnumerable<ReferenceAssemblies> sets)
    {
        var before = DownloadedPackages();
        foreach (var set in sets)
            set.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).GetAwaiter().GetResult();
        return DownloadedPackages() > before ? DownloadedExitCode : 0;
    }

    // Where Microsoft.CodeAnalysis.Testing keeps what it downloads.
    private static int DownloadedPackages()
    {
        var folder = Path.Combine(Path.GetTempPath(), "test-packages");
        return Directory.Exists(folder) ? Directory.GetDirectories(folder).Length : 0;
    }
}
