using System;
using System.Linq;
using MlSecAnalyzers.Infrastructure;
using Xunit;

namespace MlSecAnalyzers.Tests.Secrets;

/// <summary>
/// <see cref="SecretHeuristics"/>: what counts as a secret when a constant reaches a credential sink, and the things
/// rules.md says are never flagged (placeholders, blank strings, environment-variable names, configuration paths,
/// header names, model ids, local-model dummies, URLs and paths). Secrets are generated at run time from fixed seeds.
/// </summary>
public sealed class SecretHeuristicsTests
{
    private const string Hex = "0123456789abcdef";
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64 = Alphanumeric + "+/";
    private const string Base64Url = Alphanumeric + "-_";

    /// <summary>Names for the generated secrets, so test names say what is checked without holding the value.</summary>
    public static TheoryData<string> Secrets() => new()
    {
        "32 hex", "32 HEX", "sk- + 48", "base64 40", "base64 with padding", "Bearer + 40", "bearer (lower case) + 40", "Key + 32 hex",
        "Token + 40", "Bearer, two spaces", "GUID", "52 alphanumeric", "84 alphanumeric", "sk- + 48 with padding spaces",
    };

    private static string Secret(string name) => name switch
    {
        "32 hex" => TestKeys.Random(Hex, 32, seed: 201),
        "32 HEX" => TestKeys.Random(Hex, 32, seed: 202).ToUpperInvariant(),
        "sk- + 48" => "sk-" + TestKeys.Random(Alphanumeric, 48, seed: 203),
        "base64 40" => "Q" + TestKeys.Random(Base64, 39, seed: 204),
        "base64 with padding" => "Z" + TestKeys.Random(Base64, 41, seed: 205) + "==",
        "Bearer + 40" => "Bearer " + TestKeys.Random(Alphanumeric, 40, seed: 206),
        "bearer (lower case) + 40" => "bearer " + TestKeys.Random(Alphanumeric, 40, seed: 207),
        "Key + 32 hex" => "Key " + TestKeys.Random(Hex, 32, seed: 208),
        "Token + 40" => "Token " + TestKeys.Random(Alphanumeric, 40, seed: 209),
        "Bearer, two spaces" => "Bearer  " + TestKeys.Random(Alphanumeric, 40, seed: 210),
        "GUID" => new Guid(TestKeys.Random(Hex, 32, seed: 211)).ToString(),
        "52 alphanumeric" => TestKeys.Random(Alphanumeric, 52, seed: 212),
        "84 alphanumeric" => TestKeys.Random(Alphanumeric, 84, seed: 213),
        "sk- + 48 with padding spaces" => "  sk-" + TestKeys.Random(Alphanumeric, 48, seed: 214) + " ",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void LooksLikeSecret_GeneratedKey_IsASecret(string name)
    {
        var value = Secret(name);

        Assert.True(SecretHeuristics.LooksLikeSecret(value), name);
        Assert.False(SecretHeuristics.IsPlaceholder(value), name);
        Assert.False(SecretHeuristics.IsEnvironmentVariableName(value), name);
        Assert.False(SecretHeuristics.IsConfigurationKeyPath(value), name);
    }

    [Fact]
    public void LooksLikeSecret_TheSharedTestKeys_AreSecrets()
    {
        Assert.All(new[] { TestKeys.AzureHex, TestKeys.OpenAI, TestKeys.Anthropic, TestKeys.Google, TestKeys.GenericSk },
            key => Assert.True(SecretHeuristics.LooksLikeSecret(key)));
    }

    // ---- Never secrets (rules.md) -------------------------------------------------------------------------------

    [Theory]
    // Placeholders
    [InlineData("<your-key>")]
    [InlineData("YOUR_API_KEY")]
    [InlineData("xxxxxxxxxxxxxxxxxxxx")]
    [InlineData("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("changeme")]
    [InlineData("...")]
    [InlineData("…")]
    [InlineData("sk-...")]
    [InlineData("sk-…")]
    [InlineData("sk-your-key-here")]
    [InlineData("sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("sk-0000000000000000000000000000000000000000")]
    [InlineData("Bearer <token>")]
    [InlineData("Bearer YOUR_TOKEN")]
    [InlineData("Bearer ")]
    [InlineData("{apiKey}")]
    [InlineData("$(OPENAI_API_KEY)")]
    [InlineData("replace-with-your-key-1234567890")]
    [InlineData("insert-api-key-here-1234567890")]
    [InlineData("redacted")]
    [InlineData("dummy-key-for-tests-0123456789")]
    // Empty and blank
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    // Environment-variable names, configuration paths, header names
    [InlineData("OPENAI_API_KEY")]
    [InlineData("AZURE_OPENAI_API_KEY_2")]
    [InlineData("OpenAI:ApiKey")]
    [InlineData("AzureOpenAI__ApiKey")]
    [InlineData("Secrets:ModelGateway:PrimaryKey")]
    [InlineData("api-key")]
    [InlineData("Ocp-Apim-Subscription-Key")]
    [InlineData("Authorization")]
    // Model ids and local-model dummies
    [InlineData("gpt-4o-2024-08-06")]
    [InlineData("text-embedding-3-small")]
    [InlineData("claude-3-5-sonnet-20241022")]
    [InlineData("gemini-1.5-pro-002")]
    [InlineData("ollama")]
    [InlineData("not-needed")]
    [InlineData("lm-studio")]
    // URLs and paths
    [InlineData("https://example.openai.azure.com/")]
    [InlineData("https://contoso.openai.azure.com/openai/deployments/gpt4o")]
    [InlineData("/models/model.onnx")]
    [InlineData("./models/sentiment-2024-v3.zip")]
    [InlineData("~/models/sentiment-2024-v3.zip")]
    [InlineData("/run/secrets/openai-api-key-2024")]
    [InlineData("/Users/Shared/Keys/OpenAI/prod-2024.key")]
    [InlineData("C:\\models\\sentiment2024v3.onnx")]
    // Words, sentences, short values
    [InlineData("sk-1234")]
    [InlineData("Summarize the ticket in 3 bullet points")]
    [InlineData("verylongwordwithoutanydigitsatall")]
    [InlineData("1234567890123456789012345678901234")]
    public void LooksLikeSecret_NeverForThingsThatAreNotSecrets(string value)
    {
        Assert.False(SecretHeuristics.LooksLikeSecret(value), $"'{value}' is taken for a secret");
    }

    [Theory]
    [InlineData("<your-key>")]
    [InlineData("<YOUR-AZURE-OPENAI-KEY>")]
    [InlineData("YOUR_API_KEY")]
    [InlineData("your-api-key")]
    [InlineData("xxxxxxxxxxxxxxxxxxxx")]
    [InlineData("sk-xxxx")]
    [InlineData("********")]
    [InlineData("changeme")]
    [InlineData("CHANGE_ME")]
    [InlineData("...")]
    [InlineData("sk-...")]
    [InlineData("sk-…")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-needed")]
    [InlineData("placeholder")]
    [InlineData("{{apiKey}}")]
    [InlineData("$(ApiKey)")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("sk-0000000000000000")]
    [InlineData("abababababababababab")]
    public void IsPlaceholder_True(string value)
    {
        Assert.True(SecretHeuristics.IsPlaceholder(value), $"'{value}'");
    }

    // Counting fills (probe 00x): eight digits or letters in a row that count up, read past everything else.
    [Theory]
    [InlineData("sk-1234567890abcdefghijklmnop")]
    [InlineData("abcdef1234567890abcdef1234567890")]
    [InlineData("a1b2c3d4-e5f6-7890-abcd-ef1234567890")]
    [InlineData("sk-abcd1234efgh5678ijkl9012mnop3456")]
    [InlineData("sk-Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0")]
    [InlineData("invalid-key-12345678")]
    [InlineData("key-7890123456-Zq")]
    public void IsPlaceholder_True_MLSEC001_CountingFill(string value)
    {
        Assert.True(SecretHeuristics.IsPlaceholder(value), $"'{value}'");
        Assert.False(SecretHeuristics.LooksLikeSecret(value), $"'{value}'");
    }

    // Seven in a row is not enough: a long random key counts up seven digits now and then.
    [Theory]
    [InlineData("q8Zr1234567Xw9TbLp2Nv5Hs")]
    [InlineData("q8Zr12W34X567w9TbLp2Nv5Hs")]
    [InlineData("Zp4kRstuvwxQ9mB2cL7nT0yH")]
    public void IsPlaceholder_False_MLSEC001_ShortCountingRunsInRandomKeys(string value)
    {
        Assert.False(SecretHeuristics.IsPlaceholder(value), $"'{value}'");
    }

    [Theory]
    [InlineData("32 hex")]
    [InlineData("sk- + 48")]
    [InlineData("base64 40")]
    [InlineData("52 alphanumeric")]
    public void IsPlaceholder_False_ForGeneratedKeys(string name)
    {
        Assert.False(SecretHeuristics.IsPlaceholder(Secret(name)), name);
    }

    [Theory]
    [InlineData("OPENAI_API_KEY", true)]
    [InlineData("AZURE_OPENAI_API_KEY", true)]
    [InlineData("HF_TOKEN", true)]
    [InlineData("AZURE_OPENAI_KEY_2", true)]
    [InlineData("_PRIVATE_KEY", true)]
    [InlineData("OpenAI:ApiKey", false)]
    [InlineData("AzureOpenAI__ApiKey", false)]
    [InlineData("openai_api_key", false)]
    [InlineData("OPENAI-API-KEY", false)]
    [InlineData("2FA_SECRET", false)]
    [InlineData("api-key", false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    public void IsEnvironmentVariableName(string value, bool expected)
    {
        Assert.Equal(expected, SecretHeuristics.IsEnvironmentVariableName(value));
    }

    [Theory]
    [InlineData("OpenAI:ApiKey", true)]
    [InlineData("AzureOpenAI__ApiKey", true)]
    [InlineData("Models__0__Key", true)]
    [InlineData("ConnectionStrings__ModelGateway", true)]
    [InlineData("AzureOpenAI:Key", true)]
    [InlineData("ConnectionStrings:Models", true)]
    [InlineData("Secrets:ModelGateway:PrimaryKey", true)]
    [InlineData("openai:apikey", true)]
    [InlineData("AI:OpenAI:api-key", true)]
    [InlineData("OPENAI_API_KEY", false)]
    [InlineData("api-key", false)]
    [InlineData("https://example.openai.azure.com/", false)]
    [InlineData("Server=db;Password=p", false)]
    [InlineData("", false)]
    [InlineData("gpt-4o-2024-08-06", false)]
    public void IsConfigurationKeyPath(string value, bool expected)
    {
        Assert.Equal(expected, SecretHeuristics.IsConfigurationKeyPath(value));
    }

    [Fact]
    public void IsConfigurationKeyPath_False_ForAKeyThatHappensToHoldAColon()
    {
        // One long token with a colon is a key, not a path of words.
        var value = "id:" + TestKeys.Random(Alphanumeric, 48, seed: 215);
        Assert.False(SecretHeuristics.IsConfigurationKeyPath(value));
        Assert.True(SecretHeuristics.LooksLikeSecret(value));
    }

    [Theory]
    [InlineData("Bearer abc", 7)]
    [InlineData("bearer abc", 7)]
    [InlineData("BEARER abc", 7)]
    [InlineData("Bearer    abc", 10)]
    [InlineData("Key abc", 4)]
    [InlineData("Token abc", 6)]
    [InlineData("Bearer ", 7)]
    [InlineData("Bearer", 0)]
    [InlineData("BearerToken", 0)]
    [InlineData("Basic abc", 0)]
    [InlineData("Keys abc", 0)]
    [InlineData(" Bearer abc", 0)]
    [InlineData("abc", 0)]
    [InlineData("", 0)]
    public void AuthSchemeLength(string value, int expected)
    {
        Assert.Equal(expected, SecretHeuristics.AuthSchemeLength(value));
    }

    [Fact]
    public void AuthScheme_IsNotPartOfTheSecret()
    {
        // "Bearer " + placeholder is a placeholder, "Bearer " + key is a key: the decision is on what follows the scheme.
        var key = TestKeys.Random(Alphanumeric, 40, seed: 216);
        Assert.True(SecretHeuristics.LooksLikeSecret("Bearer " + key));
        Assert.False(SecretHeuristics.LooksLikeSecret("Bearer xxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        Assert.False(SecretHeuristics.LooksLikeSecret("Bearer OPENAI_API_KEY"));
    }

    [Fact]
    public void MinimumGenericLength_SeparatesShortTokensFromKeys()
    {
        var below = TestKeys.Random(Alphanumeric, SecretHeuristics.MinimumGenericLength - 1, seed: 217);
        var at = TestKeys.Random(Alphanumeric, SecretHeuristics.MinimumGenericLength, seed: 218);

        Assert.False(SecretHeuristics.LooksLikeSecret(below));
        Assert.True(SecretHeuristics.LooksLikeSecret(at));
    }

    [Fact]
    public void ProviderFormat_IsASecretWhateverTheGenericRulesSay()
    {
        // A Hugging Face token is letters only: the generic rule (letters and digits) would miss it, the format does not.
        var token = "hf" + "_" + TestKeys.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34, seed: 219);
        Assert.True(SecretHeuristics.LooksLikeSecret(token));
        Assert.True(SecretHeuristics.LooksLikeSecret("Bearer " + token));
    }

    [Fact]
    public void ShannonEntropy_OfRandomKeysIsHigh_OfRepetitionsLow()
    {
        Assert.Equal(0, SecretHeuristics.ShannonEntropy("aaaaaaaa"));
        Assert.Equal(1, SecretHeuristics.ShannonEntropy("abababab"), 6);
        Assert.Equal(4, SecretHeuristics.ShannonEntropy(Hex), 6);
        Assert.True(SecretHeuristics.ShannonEntropy(Secret("32 hex")) >= 3.0);
        Assert.Equal(0, SecretHeuristics.ShannonEntropy(string.Empty));
    }

    // ---- Test keys and published emulator keys ------------------------------------------------------------------

    /// <summary>
    /// Keys written for unit and integration tests: a test word (test, mock, stub, demo, ...) opened by the start, a
    /// separator or a kind of test ("unittest"), and closed by the end, a separator, a digit, a key word or a closing
    /// "s"/"ing" (the full table is <see cref="IsPlaceholder_TestWords"/>).
    /// </summary>
    [Theory]
    [InlineData("test-api-key-12345")]
    [InlineData("test-api-key-1234567890")]
    [InlineData("mock-openai-key-2024")]
    [InlineData("unit-test-key-0001")]
    [InlineData("testkey1234567890")]
    [InlineData("integration-test-key-01")]
    [InlineData("sk-test-4f9a8b7c6d5e4f3a2b1c")]
    [InlineData("openai_key_for_tests_2024")]
    [InlineData("MOCK_KEY_1234567890abcdef")]
    [InlineData("stub-credential-9f8e7d6c5b")]
    [InlineData("demo-key-2024-06-01-abc123")]
    [InlineData("apikey-sample-0123456789")]
    [InlineData("key1234567890-testing")]
    [InlineData("unittest-openai-key-20240601")]
    [InlineData("integrationtest-key-20240601")]
    [InlineData("e2etest-api-key-000111")]
    [InlineData("openai-key-for-tests2024abc")]
    public void LooksLikeSecret_TestKeys_AreNotSecrets(string value)
    {
        Assert.True(SecretHeuristics.IsPlaceholder(value), $"'{value}' is not taken for a placeholder");
        Assert.False(SecretHeuristics.LooksLikeSecret(value), $"'{value}' is taken for a secret");
    }

    /// <summary>
    /// Negative of the negative: passwords people choose begin or end with everyday words that begin or end with a test
    /// word ("Stubborn", "Democrat", "fastest", "Testament"). A test word glued to letters that are not a kind of test on
    /// its left, or to letters other than a key word or a closing "s"/"ing" on its right, does not count, so these stay
    /// passwords.
    /// </summary>
    [Theory]
    [InlineData("Stubborn-42x")]
    [InlineData("Democrat!9q")]
    [InlineData("Fastest!Horse9")]
    [InlineData("Testament-77Q!")]
    public void IsPlaceholder_PasswordsStartingOrEndingWithATestWord_AreNot(string value) =>
        Assert.False(SecretHeuristics.IsPlaceholder(value), $"'{value}' is taken for a placeholder");

    /// <summary>
    /// The placeholder decision for the test words (test, mock, stub, demo), in one table. A test word counts when its
    /// left side is the start, a separator or a kind of test glued before it that itself starts a word ("unittest",
    /// "e2etest", "integrationtest"), and its right side is the end, a separator, a digit, "key"/"token"/"secret", or a
    /// closing "s"/"ing" (one followed by one of those). Everyday words in passwords ("Stubborn", "fastest",
    /// "Mockingbird", "Testingham") and camelCase test keys ("testApiKey…", reported as documented) are not placeholders.
    /// </summary>
    [Theory]
    // Keys written for tests: the test word stands apart, or runs into a digit or a key word.
    [InlineData("test-api-key-12345", true)]
    [InlineData("test-api-key-1234567890", true)]
    [InlineData("mock-openai-key-2024", true)]
    [InlineData("unit-test-key-0001", true)]
    [InlineData("integration-test-key-01", true)]
    [InlineData("testkey1234567890", true)]
    [InlineData("MOCK_KEY_1234567890abcdef", true)]
    [InlineData("stub-credential-9f8e7d6c5b", true)]
    [InlineData("demo-key-2024-06-01-abc123", true)]
    [InlineData("sk-test-4f9a8b7c6d5e4f3a2b1c", true)]
    [InlineData("test123abc456def", true)]
    [InlineData("testtoken2024abcdef", true)]
    [InlineData("demosecret-2024-abcdef", true)]
    [InlineData("test-password-1", true)]
    // A closing "s"/"ing": followed by the end, a separator, a digit or a key word.
    [InlineData("openai_key_for_tests_2024", true)]
    [InlineData("key1234567890-testing", true)]
    [InlineData("key-for-tests2024", true)]
    [InlineData("openai-key-for-tests2024abc", true)]
    [InlineData("tests-key-2024-abcdef", true)]
    [InlineData("testingkey0001abcdef", true)]
    [InlineData("mocks_2024_abcdef", true)]
    [InlineData("key-2024-mocking", true)]
    [InlineData("fake-key-for-unit-tests", true)]
    [InlineData("dummy_api_key_for_testing", true)]
    // A kind of test glued before the word, starting the value or after a separator.
    [InlineData("unittest-api-key-0001", true)]
    [InlineData("unittest_openai_key_2024", true)]
    [InlineData("unittest-openai-key-20240601", true)]
    [InlineData("e2etest-api-key-000111", true)]
    [InlineData("integrationtest-key-20240601", true)]
    [InlineData("smoketest-key-0001abc", true)]
    [InlineData("loadtest_token_2024abc", true)]
    [InlineData("openai-key-unittests", true)]
    [InlineData("UnitTest-Key-0001", true)]
    [InlineData("unittestkey0001abcdef", true)]
    [InlineData("apimock-key-2024abcdef", true)]
    // Passwords that begin or end with an everyday word holding a test word.
    [InlineData("Stubborn-42x", false)]
    [InlineData("Democrat!9q", false)]
    [InlineData("Fastest!Horse9", false)]
    [InlineData("Testament-77Q!", false)]
    [InlineData("Contest-2024!x", false)]
    [InlineData("Latest_Build-9q", false)]
    [InlineData("Hammock#55z", false)]
    // ... or a test word and an "s"/"ing" that does not close it.
    [InlineData("Mockingbird-42x", false)]
    [InlineData("Mockingjay!2024", false)]
    [InlineData("Testingham#77q", false)]
    [InlineData("Stubbings-Lane9!", false)]
    [InlineData("Testsubject!9q", false)]
    // A kind of test that does not start a word is only letters ("Download" holds "load").
    [InlineData("Downloadtest-9Q!", false)]
    // camelCase: a test word glued to a word other than key/token/secret on its right (documented as reported).
    [InlineData("testApiKey8406172953", false)]
    [InlineData("mockOpenAiKey2024abcd", false)]
    [InlineData("TestSubscriptionKey0123", false)]
    [InlineData("demoAccountKey-2024-06-01", false)]
    [InlineData("unitTestApiKey0001", false)]
    public void IsPlaceholder_TestWords(string value, bool expected) =>
        Assert.True(expected == SecretHeuristics.IsPlaceholder(value), $"'{value}': expected IsPlaceholder={expected}");

    /// <summary>
    /// Negative of the negative: a random key whose body holds "test", "Mock", "STUB" or "demo" between other letters
    /// and digits ("xK9testQ2…") is a real key, and so is a provider-format key with a test word in its random part,
    /// even next to a '-' or '_' on one side ("sk-proj-test…", "…_mockA…").
    /// </summary>
    [Fact]
    public void LooksLikeSecret_RandomKeyThatHappensToContainATestWord_IsASecret()
    {
        var words = new[] { "test", "Mock", "STUB", "demo", "Testing", "fixture" };
        var generic = words.Select((word, i) => TestKeys.Random(Alphanumeric, 12, seed: 260 + i) + word + TestKeys.Random(Alphanumeric, 20, seed: 270 + i)).ToArray();
        var base64 = words.Select((word, i) => "xK9" + word + TestKeys.Random(Alphanumeric, 2, seed: 280 + i) + TestKeys.Random(Base64, 37, seed: 290 + i) + "=").ToArray();
        var openAI = words.Select((word, i) => "sk-" + "proj-" + word + TestKeys.Random(Alphanumeric, 30, seed: 300 + i)
            + "T3Blbk" + "FJ" + TestKeys.Random(Base64Url, 40, seed: 310 + i)).ToArray();
        var anthropic = words.Select((word, i) => "sk-" + "ant-api03-" + TestKeys.Random(Alphanumeric, 40, seed: 320 + i) + "_" + word
            + TestKeys.Random(Alphanumeric, 92 - 40 - word.Length, seed: 330 + i) + "AA").ToArray();

        Assert.All(generic.Concat(base64), key => Assert.False(SecretHeuristics.IsPlaceholder(key), key));
        Assert.All(generic.Concat(base64), key => Assert.True(SecretHeuristics.LooksLikeSecret(key), key));
        Assert.All(openAI.Concat(anthropic), key => Assert.NotNull(KeyFormats.Match(key, anywhereOnly: false, out _, out _)));
        Assert.All(openAI.Concat(anthropic), key => Assert.True(SecretHeuristics.LooksLikeSecret(key), key));
    }

    // Microsoft's published emulator keys, assembled so that no file holds them whole: the Azure Cosmos DB emulator's
    // key and the Azurite / Storage Emulator account key of devstoreaccount1.
    internal static readonly string CosmosEmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPM" + "bIZnqyMsEcaGQy67XIw/Jw==";
    internal static readonly string JwtIoSampleToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ" + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    // The same header and payload with another signature: a token signed with a real secret.
    internal static readonly string OtherSignedToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ" + ".q7Vb3LmR9tXkZ2pNc4WfH8sJd1YgA6uE0oTiKxBvPzM";

    internal static readonly string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTO" + "tr/KBHBeksoGMGw==";

    [Fact]
    public void LooksLikeSecret_PublishedEmulatorKeys_AreNotSecrets()
    {
        Assert.All(new[] { CosmosEmulatorKey, AzuriteKey }, key =>
        {
            Assert.True(SecretHeuristics.IsPlaceholder(key));
            Assert.False(SecretHeuristics.LooksLikeSecret(key));
        });
    }

    [Fact]
    public void LooksLikeSecret_KeyThatDiffersFromAnEmulatorKeyInOneCharacter_IsASecret()
    {
        // Exact values only: a real key is not exempt for being like the emulator's.
        var nearCosmos = "D" + CosmosEmulatorKey.Substring(1);
        var nearAzurite = AzuriteKey.Substring(0, 40) + (AzuriteKey[40] == 'A' ? 'B' : 'A') + AzuriteKey.Substring(41);
        var longer = CosmosEmulatorKey + "A";

        Assert.All(new[] { nearCosmos, nearAzurite, longer }, key => Assert.True(SecretHeuristics.LooksLikeSecret(key)));
    }

    // ---- Known gaps (reported to the lead; not fixed here, src/ belongs to them) ---------------------------------

    [Fact]
    public void LooksLikeSecret_Base64KeyStartingWithSlash_IsASecret()
    {
        var key = "/" + TestKeys.Random(Base64, 43, seed: 220);
        Assert.True(SecretHeuristics.LooksLikeSecret(key));
    }

    [Fact]
    public void LooksLikeSecret_Base64UrlKeyContainingDoubleUnderscore_IsASecret()
    {
        var key = TestKeys.Random(Base64Url, 15, seed: 221) + "__" + TestKeys.Random(Base64Url, 15, seed: 222);
        Assert.False(SecretHeuristics.IsConfigurationKeyPath(key));
        Assert.True(SecretHeuristics.LooksLikeSecret(key));
    }

    [Fact]
    public void LooksLikeSecret_RandomKeyThatHappensToContainAPlaceholderWord_IsASecret()
    {
        var keys = new[] { "todo", "Your", "FAKE", "dummy", "Sample" }
            .Select((word, i) => "sk-" + "proj-" + TestKeys.Random(Base64Url, 30, seed: 223 + i) + word + TestKeys.Random(Base64Url, 30, seed: 233 + i)
                + "T3Blbk" + "FJ" + TestKeys.Random(Base64Url, 40, seed: 243 + i))
            .ToArray();

        Assert.All(keys, key => Assert.NotNull(KeyFormats.Match(key, anywhereOnly: true, out _, out _)));
        Assert.All(keys, key => Assert.True(SecretHeuristics.LooksLikeSecret(key)));
    }
}
