using DataGovernance.Outcomes;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Accounts;

public enum MfaRequirement
{
    Off,
    Admins,
    Everyone,
}

/// <summary>
/// A tenant's rules for hub sign-in: who must have a second factor, how recent one must be for sensitive actions
/// (step-up), and when sessions end. <see cref="Version"/> is 0 until the first change and is the HTTP ETag.
/// </summary>
public sealed record SignInPolicy(
    string TenantId,
    MfaRequirement MfaRequirement,
    int StepUpMinutes,
    int IdleTimeoutMinutes,
    int AbsoluteTimeoutHours,
    long Version,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy) : IHasETag
{
    public string ETag => $"\"{Version}\"";

    public static SignInPolicy Default(string tenantId) => new(tenantId, MfaRequirement.Off, 10, 60, 12, 0, null, null);

    public bool RequiresMfa(IEnumerable<Role> roles) => MfaRequirement switch
    {
        MfaRequirement.Everyone => true,
        MfaRequirement.Admins => roles.Any(role => role is Role.Owner or Role.Admin),
        _ => false,
    };
}

public sealed record SignInPolicyRequest(string? MfaRequirement, int? StepUpMinutes, int? IdleTimeoutMinutes, int? AbsoluteTimeoutHours)
{
    public Result<SignInPolicyRequest> Validate()
    {
        var errors = new FieldErrors();
        if (!Enum.TryParse<MfaRequirement>(MfaRequirement, ignoreCase: false, out _) || int.TryParse(MfaRequirement, out _))
        {
            errors.Add("mfaRequirement", "Must be one of: Off, Admins, Everyone.");
        }
        Range(errors, "stepUpMinutes", StepUpMinutes, 1, 60);
        Range(errors, "idleTimeoutMinutes", IdleTimeoutMinutes, 5, 1440);
        Range(errors, "absoluteTimeoutHours", AbsoluteTimeoutHours, 1, 720);
        if (IdleTimeoutMinutes is { } idle && AbsoluteTimeoutHours is { } absolute && idle > absolute * 60)
        {
            errors.Add("idleTimeoutMinutes", "Cannot be longer than the absolute timeout.");
        }
        return errors.Any ? Failure.Validation(errors) : this;
    }

    private static void Range(FieldErrors errors, string field, int? value, int min, int max)
    {
        if (value is not { } given || given < min || given > max)
        {
            errors.Add(field, $"Required, from {min} to {max}.");
        }
    }
}
