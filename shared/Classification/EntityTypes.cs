namespace DataGovernance.Classification;

/// <summary>The names of the built-in entity types, as matches and the API carry them.</summary>
public static class EntityTypes
{
    public const string Email = "Email";
    public const string Phone = "Phone";
    public const string CreditCard = "CreditCard";
    public const string Iban = "Iban";
    public const string IpAddress = "IpAddress";
    public const string UsSsn = "UsSsn";
    public const string UkNino = "UkNino";
    public const string UkNhsNumber = "UkNhsNumber";
    public const string DeTaxId = "DeTaxId";
    public const string EsNif = "EsNif";
    public const string ItCodiceFiscale = "ItCodiceFiscale";
    public const string FrNir = "FrNir";
    public const string NlBsn = "NlBsn";
    public const string PlPesel = "PlPesel";
    public const string SePersonnummer = "SePersonnummer";
    public const string DateOfBirth = "DateOfBirth";
    public const string PersonName = "PersonName";

    /// <summary>Entity types whose matches must pass check digits or number-range rules.</summary>
    public static IReadOnlyList<string> ChecksumValidated { get; } =
        [CreditCard, Iban, UsSsn, UkNino, UkNhsNumber, DeTaxId, EsNif, ItCodiceFiscale, FrNir, NlBsn, PlPesel, SePersonnummer];
}
