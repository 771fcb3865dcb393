using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DataGovernance.Accounts;

/// <summary>
/// Password hashing with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, salted,
/// iteration count from <see cref="AccountOptions.PasswordHashIterations"/>). An unknown account is checked
/// against a dummy hash, so that a wrong address costs the same time as a wrong password.
/// </summary>
public sealed class AccountPasswords
{
    private readonly PasswordHasher<HubAccount> _hasher;
    private readonly Lazy<string> _dummyHash;

    public AccountPasswords(IOptions<AccountOptions> options)
    {
        _hasher = new PasswordHasher<HubAccount>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.PasswordHashIterations,
        }));
        _dummyHash = new Lazy<string>(() => Hash(Guid.NewGuid().ToString()));
    }

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    /// <summary>Whether the password matches, and whether the hash should be replaced (made with older settings).</summary>
    public (bool Matches, bool NeedsRehash) Verify(HubAccount? account, string password)
    {
        var result = _hasher.VerifyHashedPassword(null!, account?.PasswordHash ?? _dummyHash.Value, password);
        return account is null
            ? (false, false)
            : (result is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded,
                result == PasswordVerificationResult.SuccessRehashNeeded);
    }
}
