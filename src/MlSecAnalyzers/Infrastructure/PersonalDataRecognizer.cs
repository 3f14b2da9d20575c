using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// Decides whether a member or a column name denotes personal data: by marker attributes (ASP.NET Identity,
/// Microsoft.Extensions.Compliance classifications, DataAnnotations) or by a vocabulary of word sequences matched on the
/// word parts of the name (<c>CustomerEmail</c>, <c>email_address</c>, <c>DOB</c>).
/// </summary>
/// <remarks>
/// A vocabulary entry matches when its words are the <em>last</em> words of the name (trailing digits and <c>Number</c>/<c>No</c>/<c>Line</c> ignored): the
/// head noun of an identifier says what it holds, so <c>CustomerEmail</c> and <c>HomeAddress2</c> match while
/// <c>EmailCount</c>, <c>IpAddressFamily</c> or <c>Emailed</c> do not. Members found by name must also hold text or a
/// date (an <c>IntPtr Address</c> of a memory block is not a postal address); a marker attribute is trusted whatever
/// the type. Attribute types are matched by full metadata name, so a project that does not reference the defining
/// assembly costs nothing and a look-alike in another namespace is ignored.
/// </remarks>
internal sealed class PersonalDataRecognizer
{
    /// <summary>The option key (<c>mlsec.personal_data_names</c>) that adds words, or removes built-in ones with <c>-word</c>.</summary>
    public const string OptionKey = "personal_data_names";

    /// <summary>The built-in vocabulary, each entry a space-separated word sequence in lower case.</summary>
    public static readonly ImmutableHashSet<string> DefaultNames = MlSecOptions.NameSet(
        "email", "e mail", "mail address", "emailaddress",
        "phone", "phone number", "phonenumber", "telephone", "mobile number", "cell phone", "fax",
        "ssn", "social security", "social security number", "national id", "national insurance number", "tax id",
        "first name", "firstname", "last name", "lastname", "full name", "fullname", "given name", "middle name",
        "surname", "family name", "maiden name",
        "address", "street", "street address", "home address", "zip", "zip code", "zipcode", "postal code", "postalcode",
        "postcode",
        "date of birth", "dateofbirth", "dob", "birth date", "birthdate", "birthday",
        "ip address", "ipaddress", "ip",
        "credit card", "creditcard", "credit card number", "card number", "cardnumber", "iban", "cvv",
        "passport", "passport number", "driver license", "drivers license", "driving licence", "driver licence",
        "medical record", "medical record number", "mrn", "diagnosis",
        "gender", "ethnicity", "religion");

    // Words before "address" that make it a technical address, not a postal one.
    private static readonly ImmutableHashSet<string> TechnicalAddressQualifiers = MlSecOptions.NameSet(
        "base", "server", "host", "memory", "web", "service", "endpoint", "start", "end", "return", "mac", "url", "proxy",
        "listen", "bind", "gateway", "broker");

    // Words after the head noun that do not change what the member holds (SsnNumber, AddressLine2, PhoneNo).
    private static readonly ImmutableHashSet<string> TrailingQualifiers = MlSecOptions.NameSet("number", "no", "nr", "num", "line");

    private readonly string[][] _sequences;

    private PersonalDataRecognizer(ImmutableHashSet<string> names)
    {
        var sequences = new List<string[]>();
        foreach (var name in names)
        {
            var words = SplitWords(name);
            if (words.Count > 0)
                sequences.Add(words.ToArray());
        }

        _sequences = sequences.ToArray();
    }

    /// <summary>A recognizer for a vocabulary already resolved (the built-in one, or a set of entries); options go through <see cref="FromOption"/>.</summary>
    public static PersonalDataRecognizer Create(ImmutableHashSet<string> names) =>
        new(ReferenceEquals(names, DefaultNames) ? names : Normalize(names));

    /// <summary>
    /// The recognizer for a <c>mlsec.personal_data_names</c> value (null: the built-in vocabulary). Entries are read as
    /// words, in order, like any name list; <c>-entry</c> removes every built-in spelling of the same words
    /// (<c>-first name</c> also removes <c>firstname</c>, <c>-e-mail</c> both <c>e mail</c> and <c>email</c>), since the
    /// vocabulary keeps joined spellings for names with no word boundary (<c>firstname</c>, <c>dateofbirth</c>) that the
    /// pages do not list.
    /// </summary>
    public static PersonalDataRecognizer FromOption(string? raw)
    {
        if (raw is null)
            return Create(DefaultNames);

        var names = new HashSet<string>(Normalize(DefaultNames), StringComparer.Ordinal);
        foreach (var part in raw.Split('|'))
        {
            var entry = part.Trim();
            if (entry.Length == 0)
                continue;

            if (entry[0] == '-')
            {
                var joined = string.Concat(SplitWords(entry.Substring(1)));
                if (joined.Length > 0)
                    names.RemoveWhere(name => name.Replace(" ", string.Empty) == joined);
            }
            else if (SplitWords(entry) is { Count: > 0 } words)
            {
                names.Add(string.Join(" ", words));
            }
        }

        return new(names.ToImmutableHashSet(StringComparer.OrdinalIgnoreCase));
    }

    // Added entries may be written as identifiers ("EmployeeId", "employee_id"); removals name a built-in entry as listed.
    private static ImmutableHashSet<string> Normalize(ImmutableHashSet<string> names)
    {
        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
            builder.Add(string.Join(" ", SplitWords(name)));

        return builder.ToImmutable();
    }

    /// <summary>True when the name, read as words, ends with a vocabulary entry.</summary>
    public bool IsPersonalName(string name)
    {
        var words = SplitWords(name);
        // Try the full name, then with each trailing digit group or qualifier word removed.
        for (var end = words.Count; end > 0; end--)
        {
            if (MatchesAt(words, end))
                return true;
            if (!IsDigits(words[end - 1]) && !TrailingQualifiers.Contains(words[end - 1]))
                break;
        }

        return false;
    }

    private bool MatchesAt(List<string> words, int end)
    {
        foreach (var sequence in _sequences)
        {
            var start = end - sequence.Length;
            if (start < 0)
                continue;

            var match = true;
            for (var i = 0; i < sequence.Length && match; i++)
                match = string.Equals(words[start + i], sequence[i], StringComparison.Ordinal);

            if (!match)
                continue;

            if (sequence.Length == 1 && sequence[0] == "address" && start > 0 && TechnicalAddressQualifiers.Contains(words[start - 1]))
                continue;

            return true;
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="member"/> (a field or property) carries a personal-data marker attribute, or its name
    /// (or <paramref name="columnName"/>, its ML.NET column name) matches the vocabulary and it holds text or a date.
    /// </summary>
    public bool IsPersonalMember(ISymbol member, string? columnName = null)
    {
        if (HasPersonalDataMarker(member))
            return true;

        var type = member switch
        {
            IPropertySymbol property => property.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };

        if (type is null || !HoldsTextOrDate(type))
            return false;

        return IsPersonalName(member.Name) || (columnName is not null && IsPersonalName(columnName));
    }

    /// <summary>True when <paramref name="member"/> has one of the personal-data marker attributes.</summary>
    public static bool HasPersonalDataMarker(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && IsPersonalDataAttribute(attributeClass, attribute))
                return true;
        }

        return false;
    }

    private static bool IsPersonalDataAttribute(INamedTypeSymbol attributeClass, AttributeData attribute)
    {
        switch (attributeClass.Name)
        {
            case "PersonalDataAttribute":
            case "ProtectedPersonalDataAttribute":
                // ProtectedPersonalDataAttribute derives from PersonalDataAttribute; the base-type walk below covers both.
                break;
            case "EmailAddressAttribute":
            case "PhoneAttribute":
            case "CreditCardAttribute":
                return IsInNamespace(attributeClass, "System.ComponentModel.DataAnnotations");
            case "DataTypeAttribute":
                return IsInNamespace(attributeClass, "System.ComponentModel.DataAnnotations")
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is int dataType
                    // DataType.PhoneNumber = 5, EmailAddress = 10, CreditCard = 14, PostalCode = 15.
                    && dataType is 5 or 10 or 14 or 15;
        }

        for (var type = attributeClass; type is not null; type = type.BaseType)
        {
            if (type.Name == "PersonalDataAttribute" && IsInNamespace(type, "Microsoft.AspNetCore.Identity"))
                return true;
            if (type.Name == "DataClassificationAttribute" && IsInNamespace(type, "Microsoft.Extensions.Compliance.Classification"))
                return true;
        }

        return false;
    }

    private static bool IsInNamespace(INamedTypeSymbol type, string ns) =>
        type.ContainingType is null && Namespaces.Is(type.ContainingNamespace, ns);

    private static bool HoldsTextOrDate(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            type = nullable.TypeArguments[0];

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_DateTime:
                return true;
        }

        if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char })
            return true;

        return type is INamedTypeSymbol named
            && named.ContainingNamespace?.Name == "System"
            && named.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true
            && (named.Name is "DateTimeOffset" or "DateOnly"
                || (named.Name is "ReadOnlyMemory" or "Memory" && named.TypeArguments.Length == 1
                    && named.TypeArguments[0].SpecialType == SpecialType.System_Char));
    }

    private static bool IsDigits(string word)
    {
        foreach (var c in word)
        {
            if (c < '0' || c > '9')
                return false;
        }

        return word.Length > 0;
    }

    /// <summary>
    /// Splits an identifier or column name into lower-case words: separators (<c>_ - . space</c>), lower-to-upper case
    /// changes, the end of an upper-case run (<c>SSNNumber</c> → ssn, number) and letter/digit changes.
    /// </summary>
    public static List<string> SplitWords(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString().ToLowerInvariant());
                current.Clear();
            }
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (current.Length > 0)
            {
                var previous = name[i - 1];
                var boundary =
                    (char.IsUpper(c) && char.IsLower(previous))
                    || (char.IsUpper(c) && char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]))
                    || (char.IsDigit(c) != char.IsDigit(previous));
                if (boundary)
                    Flush();
            }

            current.Append(c);
        }

        Flush();
        return words;
    }
}

/// <summary>
/// The recognizers of one compilation, one per distinct vocabulary (most projects have one), so the vocabulary is
/// split into words once per compilation and not per call. Created at compilation start: no static state.
/// </summary>
internal sealed class PersonalDataRecognizers
{
    private readonly MlSecOptions _options;
    // Keyed by the option's raw value ("" when unset); the same value gives the same recognizer, which the pipeline
    // analyzer relies on to evaluate MLSEC020 and MLSEC021 once when their vocabularies agree.
    private readonly ConcurrentDictionary<string, PersonalDataRecognizer> _cache = new(StringComparer.Ordinal);

    public PersonalDataRecognizers(MlSecOptions options) => _options = options;

    /// <summary>The recognizer for the options that apply to <paramref name="tree"/> and <paramref name="ruleId"/>.</summary>
    public PersonalDataRecognizer For(SyntaxTree tree, string ruleId) =>
        _cache.GetOrAdd(
            _options.GetValue(tree, ruleId, PersonalDataRecognizer.OptionKey) ?? string.Empty,
            static raw => PersonalDataRecognizer.FromOption(raw.Length == 0 ? null : raw));
}
