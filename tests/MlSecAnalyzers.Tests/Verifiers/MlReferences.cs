using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace MlSecAnalyzers.Tests.Verifiers;

/// <summary>
/// The real libraries test code compiles against. Every package here has a matching &lt;PackageDownload&gt; in the
/// test project, so restore fetches it up front; keep the two lists equal.
/// </summary>
internal static class MlReferences
{
    public static readonly ImmutableArray<PackageIdentity> Packages = ImmutableArray.Create(
        new PackageIdentity("Microsoft.ML", "5.0.1"),
        new PackageIdentity("Microsoft.ML.OnnxRuntime.Managed", "1.31.1"),
        new PackageIdentity("OpenAI", "2.15.0"),
        new PackageIdentity("Azure.AI.OpenAI", "2.1.0"),
        new PackageIdentity("Azure.AI.Inference", "1.0.0-beta.5"),
        // Azure.AI.Inference wants Azure.Core >= 1.46.1, which the mirror does not serve; name the next one it does.
        new PackageIdentity("Azure.Core", "1.47.1"),
        new PackageIdentity("Anthropic", "13.14.0"),
        new PackageIdentity("Microsoft.Extensions.AI", "10.11.0"));

    /// <summary>.NET 8 plus every ML/AI library but Semantic Kernel.</summary>
    public static readonly ReferenceAssemblies Default = Complete(ReferenceAssemblies.Net.Net80.AddPackages(Packages));

    /// <summary>
    /// Semantic Kernel 1.82.0 needs Azure.AI.OpenAI 2.9.0-beta.1 or later, which cannot share a compilation with the
    /// Azure.AI.OpenAI 2.1.0 the other tests pin; so Semantic Kernel gets a reference set of its own, as it would in an app.
    /// </summary>
    public static readonly ReferenceAssemblies SemanticKernel = Complete(ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("Microsoft.SemanticKernel", "1.82.0"),
        // Azure.AI.OpenAI 2.9.0-beta.1 wants Azure.Core >= 1.51.1, which the mirror does not serve.
        new PackageIdentity("Azure.Core", "1.53.0"),
        new PackageIdentity("Microsoft.Extensions.AI", "10.11.0"),
        new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"))));

    /// <summary><see cref="Default"/> plus the ASP.NET Core shared framework.</summary>
    public static readonly ReferenceAssemblies WithAspNetCore = Complete(Default.AddPackages(
        ImmutableArray.Create(new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"))));

    /// <summary>
    /// <see cref="WithAspNetCore"/> plus Microsoft.ML.OnnxTransformer (ML.NET's <c>ApplyOnnxModel</c>); kept apart because
    /// it brings Google.Protobuf and other packages the other tests have no use for.
    /// </summary>
    public static readonly ReferenceAssemblies WithOnnxTransformer = Complete(WithAspNetCore.AddPackages(
        ImmutableArray.Create(new PackageIdentity("Microsoft.ML.OnnxTransformer", "5.0.1"))));

    /// <summary>
    /// <see cref="WithAspNetCore"/> plus Entity Framework Core 8 (the version for .NET 8): apps that train from their own
    /// database hand a <c>DbContext</c> to their handlers. Kept apart for the packages it brings.
    /// </summary>
    public static readonly ReferenceAssemblies WithEntityFrameworkCore = Complete(WithAspNetCore.AddPackages(
        ImmutableArray.Create(new PackageIdentity("Microsoft.EntityFrameworkCore", "8.0.34"))));

    /// <summary>.NET 8 alone: a project with no ML/AI library.</summary>
    public static readonly ReferenceAssemblies Plain = ReferenceAssemblies.Net.Net80;

    /// <summary>
    /// Returns <paramref name="set"/> once its packages are on disk. Microsoft.CodeAnalysis.Testing 1.1.4 leaves out of
    /// a resolution the dependency packages it had to download for it, and downloads only one more level of
    /// dependencies per resolution (measured with an empty temp-folder package cache: the ML tests failed with CS0012
    /// on System.ClientModel and Microsoft.ML.DataView, and Semantic Kernel's still lacked its Abstractions after two
    /// resolutions). Its answers are cached per process, so the first use of this class runs the test assembly as a
    /// program that resolves every set (<see cref="ResolveAll"/>), again until a run downloads nothing. With everything
    /// on disk that is one run of a few seconds.
    /// </summary>
    private static ReferenceAssemblies Complete(ReferenceAssemblies set)
    {
        // Only the static initializers above call this, and the runtime runs them once, on one thread.
        if (!downloaded && Environment.GetEnvironmentVariable(ChildVariable) is null)
        {
            for (var run = 0; run < 10 && DownloadInChild(); run++)
            {
            }

            downloaded = true;
        }

        return set;
    }

    public const string ResolveArgument = "--resolve-references";
    private const string ChildVariable = "MLSEC_TESTS_RESOLVING_REFERENCES";
    private const int DownloadedExitCode = 3;
    private static bool downloaded;

    /// <summary>The child's work: resolve every set; the exit code says whether packages were downloaded.</summary>
    public static int ResolveAll()
    {
        var before = DownloadedPackages();
        foreach (var set in new[] { Default, SemanticKernel, WithAspNetCore, WithOnnxTransformer, WithEntityFrameworkCore, Plain })
            set.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).GetAwaiter().GetResult();
        return DownloadedPackages() > before ? DownloadedExitCode : 0;
    }

    // Where Microsoft.CodeAnalysis.Testing keeps what it downloads.
    private static int DownloadedPackages()
    {
        var folder = Path.Combine(Path.GetTempPath(), "test-packages");
        return Directory.Exists(folder) ? Directory.GetDirectories(folder).Length : 0;
    }

    /// <summary>Runs <see cref="ResolveAll"/> in a child process; true when it downloaded packages.</summary>
    private static bool DownloadInChild()
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        start.ArgumentList.Add(typeof(MlReferences).Assembly.Location);
        start.ArgumentList.Add(ResolveArgument);
        start.Environment[ChildVariable] = "1";
        using var child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode switch
        {
            0 => false,
            DownloadedExitCode => true,
            _ => throw new InvalidOperationException($"resolving the test references failed (exit code {child.ExitCode})"),
        };
    }
}
