using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// Whether the project ships to end-user devices, from the MSBuild properties the package's build/MlSecAnalyzers.props
/// makes visible (<c>build_property.*</c>), or <c>mlsec.client_app = true|false</c>, which wins either way.
/// </summary>
internal static class ClientApp
{
    public const string Option = "mlsec.client_app";

    // The rule-specific key beats the general one, as for every mlsec option (MlSecOptions); MLSEC002 is the only rule
    // that reads this one.
    private const string RuleOption = "mlsec.MLSEC002.client_app";

    /// <summary>The kind of client app ("MAUI", "Android", "Blazor WebAssembly", …) or null for a server or library.</summary>
    public static string? DetectFromBuild(AnalyzerConfigOptions global)
    {
        if (IsTrue(global, "build_property.UseMaui"))
            return "MAUI";

        if (global.TryGetValue("build_property.TargetPlatformIdentifier", out var platform))
        {
            switch (platform.Trim().ToLowerInvariant())
            {
                case "android": return "Android";
                case "ios": return "iOS";
                case "maccatalyst": return "Mac Catalyst";
                case "tvos": return "tvOS";
            }
        }

        if (IsTrue(global, "build_property.UsingMicrosoftNETSdkBlazorWebAssembly"))
            return "Blazor WebAssembly";
        if (IsTrue(global, "build_property.UseWPF"))
            return "WPF";
        if (IsTrue(global, "build_property.UseWindowsForms"))
            return "Windows Forms";
        if (IsTrue(global, "build_property.MlSecClientApp"))
            return "client";

        return null;
    }

    /// <summary>The explicit <c>mlsec.MLSEC002.client_app</c>, else <c>mlsec.client_app</c>, setting in <paramref name="options"/>, if any.</summary>
    public static bool? ExplicitSetting(AnalyzerConfigOptions options) =>
        Setting(options, RuleOption) ?? Setting(options, Option);

    private static bool? Setting(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && bool.TryParse(value.Trim(), out var result) ? result : null;

    private static bool IsTrue(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
}
