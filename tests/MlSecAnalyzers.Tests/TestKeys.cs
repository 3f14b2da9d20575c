using System;
using System.Text;

namespace MlSecAnalyzers.Tests;

/// <summary>
/// Synthetic keys in each provider's format, assembled at run time from a fixed seed, so that no source file of this
/// repository holds a literal a secret scanner (ours included) would report. None of them was ever issued by anyone.
/// </summary>
internal static class TestKeys
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Hex = "0123456789abcdef";

    /// <summary>A 32-hex key as Azure OpenAI and Azure AI services issue them: recognisable only at a sink.</summary>
    public static readonly string AzureHex = Random(Hex, 32, seed: 1);

    public static readonly string OpenAI = "sk-" + "proj-" + Random(Alphanumeric, 24, seed: 2) + "T3Blbk" + "FJ" + Random(Alphanumeric, 24, seed: 3);

    public static readonly string Anthropic = "sk-" + "ant-api03-" + Random(Alphanumeric, 93, seed: 4) + "AA";

    public static readonly string Google = "AI" + "za" + Random(Alphanumeric, 35, seed: 5);

    /// <summary>A generic high-entropy token with a "sk-" prefix and no provider marker.</summary>
    public static readonly string GenericSk = "sk-" + Random(Alphanumeric, 40, seed: 6);

    public static string Random(string alphabet, int length, int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        return builder.ToString();
    }
}
