using System.Globalization;
using DataGovernance.Classification;
using DataGovernance.Classification.Recognizers;
using Xunit;

namespace DataGovernance.Tests.Classification;

/// <summary>Each built-in recognizer: a valid value is found, a failed check is dropped, a context word raises confidence.</summary>
public sealed class RecognizerTests
{
    /// <summary>Entity, a valid value, the same value with a failed check or rule, and a context word.</summary>
    public static TheoryData<string, string, string, string> Identifiers => new()
    {
        { EntityTypes.CreditCard, "4111 1111 1111 1111", "4111 1111 1111 1112", "card" },
        { EntityTypes.CreditCard, "378282246310005", "378282246310006", "amex" },
        { EntityTypes.Iban, "DE89 3704 0044 0532 0130 00", "DE88 3704 0044 0532 0130 00", "IBAN" },
        { EntityTypes.Iban, "GB29NWBK60161331926819", "GB29NWBK6016133192681", "iban" },
        { EntityTypes.UsSsn, "536-22-1234", "666-22-1234", "SSN" },
        { EntityTypes.UkNino, "AB 12 34 56 C", "QQ 12 34 56 C", "National Insurance" },
        { EntityTypes.UkNhsNumber, "943 476 5919", "943 476 5918", "NHS" },
        { EntityTypes.DeTaxId, "86095742719", "86095742718", "Steuer-IdNr" },
        { EntityTypes.EsNif, "12345678Z", "12345678A", "DNI" },
        { EntityTypes.EsNif, "X1234567L", "X1234567T", "NIE" },
        { EntityTypes.ItCodiceFiscale, "RSSMRA85T10A562S", "RSSMRA85T10A562T", "codice fiscale" },
        { EntityTypes.FrNir, "1 84 12 76 451 089 46", "1 84 12 76 451 089 47", "NIR" },
        { EntityTypes.NlBsn, "111222333", "111222334", "BSN" },
        { EntityTypes.PlPesel, "44051401359", "44051401358", "PESEL" },
        { EntityTypes.SePersonnummer, "811218-9876", "811218-9875", "personnummer" },
    };

    private static ClassificationMatch? Only(string text, string entity) =>
        Classifier.Default.Classify(text).Matches.SingleOrDefault(match => match.Entity == entity);

    [Theory]
    [MemberData(nameof(Identifiers))]
    public void ValidIdentifier_IsFound_WithItsPositionAndPassedCheck(string entity, string valid, string invalid, string context)
    {
        _ = (invalid, context);
        var text = $"Imported row: {valid} (legacy)";

        var match = Only(text, entity);

        Assert.NotNull(match);
        Assert.Equal(text.IndexOf(valid, StringComparison.Ordinal), match.Start);
        Assert.Equal(valid.Length, match.Length);
        Assert.Equal(ValidatorOutcome.Passed, match.Validator);
        Assert.InRange(match.Confidence, Classifier.ReportingThreshold, 1.0);
    }

    [Theory]
    [MemberData(nameof(Identifiers))]
    public void FailedCheck_IsDropped_EvenWithContext(string entity, string valid, string invalid, string context)
    {
        _ = valid;
        Assert.Null(Only($"{context}: {invalid}", entity));
    }

    [Theory]
    [MemberData(nameof(Identifiers))]
    public void ContextWord_RaisesConfidence(string entity, string valid, string invalid, string context)
    {
        _ = invalid;
        var plain = Only($"Imported row: {valid} (legacy)", entity)!;
        var withContext = Only($"{context}: {valid}", entity)!;

        Assert.True(withContext.Confidence > plain.Confidence, $"{withContext.Confidence} <= {plain.Confidence}");
    }

    [Fact]
    public void ContextWord_OutsideTheWindow_DoesNotCount()
    {
        var far = "BSN " + new string('.', Classifier.ContextWindow + 5) + " 111222333";
        var near = "BSN 111222333";

        Assert.True(Only(near, EntityTypes.NlBsn)!.Confidence > Only(far, EntityTypes.NlBsn)!.Confidence);
    }

    [Fact]
    public void ContextWord_InsideAnotherWord_DoesNotCount()
    {
        Assert.Equal(Only("Ref 4111111111111111", EntityTypes.CreditCard)!.Confidence, Only("Company 4111111111111111", EntityTypes.CreditCard)!.Confidence);
        Assert.Equal(Only("Ref 111222333", EntityTypes.NlBsn)!.Confidence, Only("Absn 111222333", EntityTypes.NlBsn)!.Confidence);
    }

    [Theory]
    [InlineData("EAN 4445406464753")]
    [InlineData("Scan barcode 4445406464753 at the till")]
    public void CardShapedBarcode_NextToAnExclusionWord_IsDropped(string text)
    {
        Assert.NotNull(Only("Reference 4445406464753", EntityTypes.CreditCard));
        Assert.Null(Only(text, EntityTypes.CreditCard));
    }

    [Theory]
    [InlineData("Write to ada.lovelace@example.co.uk today", "ada.lovelace@example.co.uk")]
    [InlineData("owner: grace+audit@contoso.com.", "grace+audit@contoso.com")]
    public void Email_IsFound(string text, string value)
    {
        var match = Only(text, EntityTypes.Email)!;
        Assert.Equal(value, text.Substring(match.Start, match.Length));
        Assert.Equal(PiiCategory.ContactDetails, match.Category);
    }

    [Theory]
    [InlineData("user@localhost")]
    [InlineData("name at example dot com")]
    public void Email_LookAlike_IsNotFound(string text) => Assert.Null(Only(text, EntityTypes.Email));

    [Theory]
    [InlineData("Call +44 20 7946 0958 after five", "+44 20 7946 0958")]
    [InlineData("Phone: (212) 555-0142", "(212) 555-0142")]
    public void Phone_IsFound_ByLibphonenumber(string text, string value)
    {
        var match = Only(text, EntityTypes.Phone)!;
        Assert.Equal(value, text.Substring(match.Start, match.Length));
    }

    [Fact]
    public void Phone_AfterHundredsOfOtherNumbers_IsStillFound()
    {
        var text = string.Concat(Enumerable.Repeat("order 1234 5678, ", 500)) + "call +44 20 7946 0958";

        Assert.Equal(text.IndexOf('+', StringComparison.Ordinal), Only(text, EntityTypes.Phone)!.Start);
    }

    /// <summary>The recognizer skips values with fewer digits than <see cref="PhoneRecognizer.MinimumDigits"/>: libphonenumber must find none there.</summary>
    [Fact]
    public void Phone_LibphonenumberFindsNoNumber_WithFewerThanTheMinimumDigits()
    {
        var numbers = PhoneNumbers.PhoneNumberUtil.GetInstance();
        var found = new List<string>();
        for (var digits = 1; digits < PhoneRecognizer.MinimumDigits; digits++)
        {
            for (var value = 0; value < (int)Math.Pow(10, digits); value++)
            {
                var number = value.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
                foreach (var text in new[] { number, $"+{number}", $"phone {number}" })
                {
                    found.AddRange(PhoneRecognizer.NationalRegions.Append("ZZ")
                        .SelectMany(region => numbers.FindNumbers(text, region, PhoneNumbers.PhoneNumberUtil.Leniency.VALID, long.MaxValue))
                        .Select(match => $"{text} ({match.RawString})"));
                }
            }
        }
        Assert.Empty(found);
    }

    [Fact]
    public void Phone_NationalNumberWithoutContext_IsNotReported() => Assert.Null(Only("Reference (212) 555-0142", EntityTypes.Phone));

    [Theory]
    [InlineData("Sign-in from 203.0.113.42 blocked", "203.0.113.42")]
    [InlineData("client 2001:db8::8a2e:370:7334 connected", "2001:db8::8a2e:370:7334")]
    public void IpAddress_IsFound(string text, string value)
    {
        var match = Only(text, EntityTypes.IpAddress)!;
        Assert.Equal(value, text.Substring(match.Start, match.Length));
    }

    [Theory]
    [InlineData("Host 256.1.1.1")]
    [InlineData("Host 10.0.0.300")]
    [InlineData("Meeting at 12:30")]
    [InlineData("Upgraded to version 1.2.3.4")]
    public void IpAddress_OutOfRange_IsNotFound(string text) => Assert.Null(Only(text, EntityTypes.IpAddress));

    [Theory]
    [InlineData("Born 12 March 1984 in Leeds", "12 March 1984")]
    [InlineData("DOB: 1984-03-12", "1984-03-12")]
    [InlineData("geboren am 03.04.1975", "03.04.1975")]
    public void DateOfBirth_NeedsAContextWord(string text, string value)
    {
        var match = Only(text, EntityTypes.DateOfBirth)!;
        Assert.Equal(value, text.Substring(match.Start, match.Length));
        Assert.Null(Only($"Invoice dated {value}", EntityTypes.DateOfBirth));
    }

    [Fact]
    public void DateOfBirth_ImpossibleDate_IsNotFound() => Assert.Null(Only("Born 1980-02-31", EntityTypes.DateOfBirth));
}
