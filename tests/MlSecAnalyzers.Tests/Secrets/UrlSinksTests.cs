using System.Linq;
using MlSecAnalyzers.Secrets;
using Xunit;

namespace MlSecAnalyzers.Tests.Secrets;

public sealed class UrlSinksTests
{
    [Fact]
    public void IsUrlParameterName_KnowsEveryNameInAnyCase()
    {
        Assert.Equal(10, UrlSinks.ParameterNames.Count);
        foreach (var name in UrlSinks.ParameterNames)
        {
            Assert.True(UrlSinks.IsUrlParameterName(name), name);
            Assert.True(UrlSinks.IsUrlParameterName(name.ToUpperInvariant()), name.ToUpperInvariant());
            Assert.True(UrlSinks.IsUrlParameterName(name.ToLowerInvariant()), name.ToLowerInvariant());
        }
    }

    // The prefilter must not turn away a name the case-insensitive set accepts: every UTF-16 unit as the first letter of
    // every known name, and names of every length up to 20, answer as the set does.
    [Fact]
    public void IsUrlParameterName_AnswersAsTheSet()
    {
        foreach (var name in UrlSinks.ParameterNames)
        {
            for (var c = 0; c <= char.MaxValue; c++)
            {
                var candidate = (char)c + name.Substring(1);
                Assert.True(UrlSinks.ParameterNames.Contains(candidate) == UrlSinks.IsUrlParameterName(candidate), candidate);
            }
        }

        foreach (var length in Enumerable.Range(1, 20))
        {
            var candidate = new string('u', length);
            Assert.Equal(UrlSinks.ParameterNames.Contains(candidate), UrlSinks.IsUrlParameterName(candidate));
        }
    }

    [Theory]
    [InlineData("value")]
    [InlineData("cancellationToken")]
    [InlineData("uris")]
    [InlineData("apiKey")]
    [InlineData("connectionStrings")]
    [InlineData("")]
    public void IsUrlParameterName_TurnsOtherNamesAway(string name) => Assert.False(UrlSinks.IsUrlParameterName(name));
}
