using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Testing;

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

    /// <summary>
    /// Azure.AI.OpenAI's 1.0.0 betas (the one client <c>Azure.AI.OpenAI.OpenAIClient</c>), which many apps still build
    /// on; 1.0.0-beta.6 is the beta this mirror serves. Its own set: it cannot share a compilation with 2.1.0.
    /// </summary>
    public static readonly ReferenceAssemblies AzureOpenAIBeta = Complete(ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("Azure.AI.OpenAI", "1.0.0-beta.6"),
        new PackageIdentity("Azure.Core", "1.47.1"),
        new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"))));

    /// <summary>
    /// An Azure Functions app on the isolated worker (<c>[Function]</c>, <c>[HttpTrigger]</c> of
    /// Microsoft.Azure.Functions.Worker.Extensions.Http), without ASP.NET Core, with Microsoft.ML and OpenAI as a model
    /// service would use them.
    /// </summary>
    public static readonly ReferenceAssemblies FunctionsIsolated = Complete(ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("Microsoft.Azure.Functions.Worker.Extensions.Http", "3.3.0"),
        new PackageIdentity("Microsoft.Azure.Functions.Worker", "2.52.0"),
        new PackageIdentity("Microsoft.Azure.Functions.Worker.Extensions.Timer", "4.3.1"),
        new PackageIdentity("Microsoft.ML", "5.0.1"),
        new PackageIdentity("OpenAI", "2.15.0"))));

    /// <summary>
    /// An Azure Functions app on the in-process model (<c>[FunctionName]</c>, <c>[HttpTrigger]</c> of
    /// Microsoft.Azure.WebJobs.Extensions.Http, which brings ASP.NET Core 2.x's MVC and routing packages), with
    /// Microsoft.ML and OpenAI.
    /// </summary>
    public static readonly ReferenceAssemblies FunctionsInProcess = Complete(ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("Microsoft.Azure.WebJobs.Extensions.Http", "3.2.0"),
        // ASP.NET Core 2.2's Microsoft.AspNetCore.Http wants Microsoft.Net.Http.Headers 2.2.0, which the mirror does not
        // serve; name the next one it does.
        new PackageIdentity("Microsoft.Net.Http.Headers", "2.2.8"),
        // Microsoft.Azure.WebJobs wants Microsoft.Extensions.DependencyModel 2.1.0, not served either: the next one served.
        new PackageIdentity("Microsoft.Extensions.DependencyModel", "3.1.6"),
        new PackageIdentity("Microsoft.ML", "5.0.1"),
        new PackageIdentity("OpenAI", "2.15.0"))));

    /// <summary>
    /// A clean-architecture app: minimal APIs and controllers that dispatch to MediatR request handlers (5.1.0, the
    /// version this mirror serves; 12 needs a package it does not serve, 13 and newer are paid), with the ASP.NET Core
    /// shared framework, Microsoft.ML and OpenAI.
    /// </summary>
    public static readonly ReferenceAssemblies WithMediatR = Complete(ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("MediatR", "5.1.0"),
        new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"),
        new PackageIdentity("Microsoft.ML", "5.0.1"),
        new PackageIdentity("OpenAI", "2.15.0"))));

    /// <summary>
    /// The same with martinothamar's source-generated Mediator instead of MediatR: Mediator.Abstractions 3.0.2 declares
    /// <c>Mediator.ISender</c>/<c>IMediator</c> and the handler interfaces (the source generator, not referenced, only
    /// adds the <c>Mediator</c> class that implements them and the service registration).
    /// </summary>
    public static readonly ReferenceAssemblies WithMediatorSourceGenerated = Complete(ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("Mediator.Abstractions", "3.0.2"),
        new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"),
        new PackageIdentity("Microsoft.ML", "5.0.1"),
        new PackageIdentity("OpenAI", "2.15.0"))));

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

    /// <summary>
    /// <see cref="WithAspNetCore"/> plus MVC's Newtonsoft.Json formatters (<c>AddNewtonsoftJson()</c>, version 8 for .NET 8):
    /// an app that uses them writes its controllers' results with Newtonsoft.Json. Kept apart for the packages it brings.
    /// </summary>
    public static readonly ReferenceAssemblies WithNewtonsoftJson = Complete(WithAspNetCore.AddPackages(
        ImmutableArray.Create(new PackageIdentity("Microsoft.AspNetCore.Mvc.NewtonsoftJson", "8.0.34"))));

    /// <summary>
    /// Azure Blob Storage (Azure.Storage.Blobs 12.30.1, which brings Azure.Storage.Common and Azure.Core 1.60.0) with
    /// Microsoft.ML, ONNX Runtime and the ASP.NET Core shared framework: a service that downloads its model or its
    /// training data from a blob at start-up. Its own set: it needs Azure.Core 1.60.0, newer than the 1.47.1 <see cref="Default"/> pins.
    /// </summary>
    public static readonly ReferenceAssemblies WithBlobStorage = Complete(ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("Azure.Storage.Blobs", "12.30.1"),
        new PackageIdentity("Microsoft.ML", "5.0.1"),
        new PackageIdentity("Microsoft.ML.OnnxRuntime.Managed", "1.31.1"),
        new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"))));

    /// <summary>.NET 8 alone: a project with no ML/AI library.</summary>
    public static readonly ReferenceAssemblies Plain = ReferenceAssemblies.Net.Net80;

    /// <summary>Returns <paramref name="set"/> once every set's packages are on disk (<see cref="ReferenceDownloads"/>).</summary>
    private static ReferenceAssemblies Complete(ReferenceAssemblies set)
    {
        // Only the static initializers above call this, and the runtime runs them once, on one thread.
        if (!downloaded)
        {
            ReferenceDownloads.Complete(typeof(MlReferences));
            downloaded = true;
        }

        return set;
    }

    private static bool downloaded;

    /// <summary>The child's side of <see cref="Complete"/> (<see cref="ReferencesProgram"/>).</summary>
    public static int ResolveAll() =>
        ReferenceDownloads.ResolveHere(new[] { Default, SemanticKernel, AzureOpenAIBeta, FunctionsIsolated, FunctionsInProcess, WithAspNetCore, WithOnnxTransformer, WithEntityFrameworkCore, WithNewtonsoftJson, Plain,
            WithBlobStorage, WithMediatR, WithMediatorSourceGenerated });
}
