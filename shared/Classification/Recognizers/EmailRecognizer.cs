using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

public sealed partial class EmailRecognizer : PatternRecognizer
{
    public override string Entity => EntityTypes.Email;

    public override PiiCategory Category => PiiCategory.ContactDetails;

    public override IReadOnlyList<string> ContextWords => ["email", "e-mail", "mail", "contact"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.9;

    protected override bool? Check(string value) => null;

    protected override bool MayContain(string text) => text.Contains('@', StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
