using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlSecAnalyzers.Infrastructure;
using Xunit;

namespace MlSecAnalyzers.Tests.Infrastructure;

public sealed class PersonalDataRecognizerTests
{
    [Theory]
    [InlineData("CustomerEmail", "customer email")]
    [InlineData("email_address", "email address")]
    [InlineData("SSNNumber", "ssn number")]
    [InlineData("home-address-line2", "home address line 2")]
    [InlineData("DOB", "dob")]
    [InlineData("IPAddress", "ip address")]
    public void SplitWords_SplitsCasingAndSeparators(string name, string expected) =>
        Assert.Equal(expected, string.Join(" ", PersonalDataRecognizer.SplitWords(name)));

    [Theory]
    [InlineData("CustomerEmail")]
    [InlineData("email_address")]
    [InlineData("DOB")]
    [InlineData("DateOfBirth")]
    [InlineData("date_of_birth")]
    [InlineData("PhoneNumber")]
    [InlineData("phone2")]
    [InlineData("SocialSecurityNumber")]
    [InlineData("ClientIpAddress")]
    [InlineData("FirstName")]
    [InlineData("zip_code")]
    [InlineData("HomeAddress")]
    [InlineData("Gender")]
    [InlineData("E-Mail")]
    public void IsPersonalName_MatchesVocabularyAtTheEnd(string name) =>
        Assert.True(PersonalDataRecognizer.Create(PersonalDataRecognizer.DefaultNames).IsPersonalName(name), name);

    [Theory]
    [InlineData("Emailed")]
    [InlineData("EmailCount")]
    [InlineData("IpAddressFamily")]
    [InlineData("BaseAddress")]
    [InlineData("ServerAddress")]
    [InlineData("Name")]
    [InlineData("ProductName")]
    [InlineData("Zipper")]
    [InlineData("Shipping")]
    [InlineData("Income")]
    [InlineData("")]
    [InlineData("_")]
    public void IsPersonalName_IgnoresLookAlikes(string name) =>
        Assert.False(PersonalDataRecognizer.Create(PersonalDataRecognizer.DefaultNames).IsPersonalName(name), name);

    [Fact]
    public void For_AddsAndRemovesWords()
    {
        var names = PersonalDataRecognizer.DefaultNames.Remove("gender").Add("EmployeeId").Add("loyalty_number");
        var recognizer = PersonalDataRecognizer.Create(names);
        Assert.False(recognizer.IsPersonalName("Gender"));
        Assert.True(recognizer.IsPersonalName("ManagerEmployeeId"));
        Assert.True(recognizer.IsPersonalName("LoyaltyNumber"));
        Assert.True(recognizer.IsPersonalName("Email"));
    }

    // "-entry" removes every built-in spelling of the same words, as the pages list them (the vocabulary also keeps
    // joined spellings for names without word boundaries); other entries stay.
    [Theory]
    [InlineData("-first name", "firstname|FirstName|first_name", "LastName|lastname")]
    [InlineData("-e-mail", "e-mail|E_Mail|email|CustomerEmail", "EmailAddress|Phone")]
    [InlineData("-date of birth", "dateofbirth|DateOfBirth", "BirthDate|Dob")]
    [InlineData("-phone number", "phonenumber", "Phone|Telephone|PhoneNumber")] // PhoneNumber is still "phone" + a qualifier
    [InlineData(" -Gender | loyalty_card", "Gender", "CustomerLoyaltyCard|Email")]
    public void FromOption_RemovesEverySpellingOfAnEntry(string option, string removed, string kept)
    {
        var recognizer = PersonalDataRecognizer.FromOption(option);
        foreach (var name in removed.Split('|'))
            Assert.False(recognizer.IsPersonalName(name), name);
        foreach (var name in kept.Split('|'))
            Assert.True(recognizer.IsPersonalName(name), name);
    }

    [Fact]
    public void FromOption_Unset_IsTheBuiltInVocabulary()
    {
        Assert.True(PersonalDataRecognizer.FromOption(null).IsPersonalName("firstname"));
        Assert.True(PersonalDataRecognizer.FromOption("").IsPersonalName("E_Mail"));
    }

    [Fact]
    public void IsPersonalMember_NeedsTextOrDateForNames_AndTrustsMarkers()
    {
        var compilation = CSharpCompilation.Create("t", new[] { CSharpSyntaxTree.ParseText("""
            using System;
            using System.ComponentModel.DataAnnotations;
            namespace Microsoft.AspNetCore.Identity { public class PersonalDataAttribute : Attribute { } public class ProtectedPersonalDataAttribute : PersonalDataAttribute { } }
            namespace Microsoft.Extensions.Compliance.Classification { public class DataClassificationAttribute : Attribute { } }
            namespace Contoso
            {
                public sealed class PiiAttribute : Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute { }
                public sealed class Fake { public sealed class PersonalDataAttribute : Attribute { } }
                public class Row
                {
                    public string Email { get; set; }
                    public DateTime? BirthDate { get; set; }
                    public IntPtr Address;
                    public float ZipCode { get; set; }
                    [Microsoft.AspNetCore.Identity.ProtectedPersonalData] public string Handle { get; set; }
                    [Pii] public int LoyaltyId { get; set; }
                    [Fake.PersonalData] public string Nickname { get; set; }
                    [DataType(DataType.PhoneNumber)] public string Contact { get; set; }
                    [DataType(DataType.Text)] public string Comment { get; set; }
                    [EmailAddress] public string Login { get; set; }
                }
            }
            """) }, ((string)System.AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)));
        var row = compilation.GetTypeByMetadataName("Contoso.Row")!;
        bool Personal(string name) => PersonalDataRecognizer.Create(PersonalDataRecognizer.DefaultNames).IsPersonalMember(row.GetMembers(name).Single());

        Assert.True(Personal("Email"));
        Assert.True(Personal("BirthDate"));
        Assert.False(Personal("Address"));
        Assert.False(Personal("ZipCode"));
        Assert.True(Personal("Handle"));
        Assert.True(Personal("LoyaltyId"));
        Assert.False(Personal("Nickname"));
        Assert.True(Personal("Contact"));
        Assert.False(Personal("Comment"));
        Assert.True(Personal("Login"));
    }
}
