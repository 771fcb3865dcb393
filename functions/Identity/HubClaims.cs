namespace DataGovernance.Functions.Identity;

/// <summary>Claim types the hub reads; inbound claim mapping is off, so these are the token's own names.</summary>
public static class HubClaims
{
    public const string Subject = "sub";
    public const string ObjectId = "oid";
    public const string DirectoryId = "tid";
    public const string Roles = "roles";
    public const string Groups = "groups";
    public const string PreferredUserName = "preferred_username";
    public const string UserPrincipalName = "upn";
    public const string Email = "email";
    public const string Tenant = "hub_tenant";
    public const string ApiKeyId = "hub_key_id";
    public const string Scope = "scope";
    public const string AuthenticationMethods = "amr";
    public const string Session = "sid";
}
