using System.Globalization;
using DataGovernance.Outcomes;
using DataGovernance.Records;

namespace DataGovernance.Privacy;

/// <summary>Checks a processing activity for every field GDPR Art. 30(1) asks for, reporting each problem under its field path.</summary>
public static class ProcessingActivityValidator
{
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 500;
    public const int MaxItems = 50;
    public const int MaxRetentionDays = 36_500;

    /// <summary>
    /// The activity the request describes, without its bookkeeping (id, version, times), or the field errors. Vendor ids
    /// are only checked for form here; whether they exist is the service's question.
    /// </summary>
    public static Result<ProcessingActivity> Validate(ProcessingActivityRequest request)
    {
        var errors = new FieldErrors();
        var name = Text(errors, "name", request.Name, MaxNameLength, required: true);
        var controller = Party(errors, "controller", request.Controller, required: true);
        var joint = Party(errors, "jointController", request.JointController, required: false);
        var representative = Party(errors, "representative", request.Representative, required: false);
        var officer = Party(errors, "dataProtectionOfficer", request.DataProtectionOfficer, required: false);
        var purposes = List(errors, "purposes", request.Purposes, minItems: 1);
        if (request.LegalBasis is null)
        {
            errors.Add("legalBasis", "Required: the Art. 6(1) basis, such as Contract or LegitimateInterests.");
        }
        var subjects = List(errors, "dataSubjectCategories", request.DataSubjectCategories, minItems: 1);
        var categories = List(errors, "personalDataCategories", request.PersonalDataCategories, minItems: 1);
        var special = (request.SpecialCategories ?? []).Distinct().ToList();
        if (special.Count > 0 && request.SpecialCategoryCondition is null)
        {
            errors.Add("specialCategoryCondition", "Required when special categories are processed: the Art. 9(2) condition relied on.");
        }
        else if (special.Count == 0 && request.SpecialCategoryCondition is not null)
        {
            errors.Add("specialCategoryCondition", "Only applies when specialCategories lists an Art. 9(1) category.");
        }
        var recipients = List(errors, "recipients", request.Recipients, minItems: 0);
        var transfers = Transfers(errors, request.Transfers);
        var retention = Retention(errors, request.Retention);
        var measures = List(errors, "securityMeasures", request.SecurityMeasures, minItems: 1);
        var vendorIds = VendorIds(errors, request.VendorIds);
        var owner = Text(errors, "owner", request.Owner, MaxNameLength, required: false);
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return new ProcessingActivity("", name!, controller!, joint, representative, officer, purposes, request.LegalBasis!.Value,
            request.SpecialCategoryCondition, subjects, categories, special, recipients, transfers, retention!, measures, vendorIds,
            request.Status ?? ProcessingStatus.Draft, owner, 0, default, "", default, "");
    }

    private static string? Text(FieldErrors errors, string path, string? value, int maxLength, bool required)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                errors.Add(path, "Required.");
            }
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            errors.Add(path, $"At most {maxLength} characters.");
        }
        return trimmed;
    }

    private static PartyContact? Party(FieldErrors errors, string path, PartyContact? party, bool required)
    {
        if (party is null)
        {
            if (required)
            {
                errors.Add(path, "Required: { name, contact }.");
            }
            return null;
        }
        var name = Text(errors, $"{path}.name", party.Name, MaxNameLength, required: true);
        var contact = Text(errors, $"{path}.contact", party.Contact, MaxTextLength, required: true);
        return new PartyContact(name, contact);
    }

    private static List<string> List(FieldErrors errors, string path, IReadOnlyList<string>? items, int minItems)
    {
        if (items is null || items.Count < minItems)
        {
            errors.Add(path, minItems == 0 ? "Required (send [] when there are none)." : $"Required: at least {minItems} item.");
            return [];
        }
        if (items.Count > MaxItems)
        {
            errors.Add(path, $"At most {MaxItems} items.");
        }
        var list = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (Text(errors, $"{path}[{i}]", items[i], MaxNameLength, required: true) is { } item)
            {
                list.Add(item);
            }
        }
        return list;
    }

    private static List<InternationalTransfer> Transfers(FieldErrors errors, IReadOnlyList<InternationalTransfer>? transfers)
    {
        if (transfers is null)
        {
            errors.Add("transfers", "Required (send [] when the data stays in the EEA).");
            return [];
        }
        if (transfers.Count > MaxItems)
        {
            errors.Add("transfers", $"At most {MaxItems} items.");
        }
        var list = new List<InternationalTransfer>(transfers.Count);
        for (var i = 0; i < transfers.Count; i++)
        {
            var path = $"transfers[{i}]";
            if (transfers[i] is not { } transfer)
            {
                errors.Add(path, "Required.");
                continue;
            }
            var country = transfer.Country?.Trim();
            if (country is null || !IsCountryCode(country))
            {
                errors.Add($"{path}.country", "Must be an ISO 3166-1 alpha-2 country code such as US.");
            }
            var recipient = Text(errors, $"{path}.recipient", transfer.Recipient, MaxNameLength, required: true);
            if (transfer.Mechanism is null)
            {
                errors.Add($"{path}.mechanism", "Required: Adequacy, SCC, BCR or Derogation.");
            }
            var derogation = Text(errors, $"{path}.derogationDetail", transfer.DerogationDetail, MaxTextLength,
                required: transfer.Mechanism == TransferMechanism.Derogation);
            list.Add(new InternationalTransfer(country, recipient, transfer.Mechanism, transfer.Mechanism == TransferMechanism.Derogation ? derogation : null));
        }
        return list;
    }

    private static RetentionPeriod? Retention(FieldErrors errors, RetentionPeriod? retention)
    {
        if (retention is null)
        {
            errors.Add("retention", "Required: { description, days? }.");
            return null;
        }
        var description = Text(errors, "retention.description", retention.Description, MaxTextLength, required: true);
        if (retention.Days is < 1 or > MaxRetentionDays)
        {
            errors.Add("retention.days", $"Between 1 and {MaxRetentionDays}.");
        }
        return new RetentionPeriod(description, retention.Days);
    }

    private static List<string> VendorIds(FieldErrors errors, IReadOnlyList<string>? vendorIds)
    {
        var ids = vendorIds ?? [];
        if (ids.Count > MaxItems)
        {
            errors.Add("vendorIds", $"At most {MaxItems} items.");
        }
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is null || !RecordService.IsValidId(ids[i]))
            {
                errors.Add($"vendorIds[{i}]", "A record id of the vendors collection.");
            }
        }
        return [.. ids.Where(id => id is not null).Distinct(StringComparer.Ordinal)];
    }

    private static bool IsCountryCode(string value)
    {
        if (value.Length != 2 || !value.All(char.IsAsciiLetterUpper))
        {
            return false;
        }
        try
        {
            return new RegionInfo(value).TwoLetterISORegionName == value;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
