using System.Net;
using System.Net.Http.Json;
using DataGovernance.Mfa;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>Listing, renaming and removing one's own devices, and that nobody else can see or touch them.</summary>
public sealed class MfaDeviceTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Device(string id) => $"{MfaTestSupport.Devices}/{id}";

    private static async Task<string[]> NamesAsync(HttpClient person) =>
        [.. (await (await person.GetAsync(MfaTestSupport.Devices, Ct)).ExpectAsync(HttpStatusCode.OK)).EnumerateArray()
            .Select(device => device.GetProperty("name").GetString()!)];

    [Fact]
    public async Task Devices_AreListedOldestFirst_Renamed_AndRemoved()
    {
        var tenant = await hub.CreateTenantAsync();
        using var person = hub.Person(tenant, MfaTestSupport.NewUserId(), Role.Auditor);
        var phone = await person.EnrollActiveAsync("Phone");
        var tablet = await person.EnrollAsync("Tablet");
        Assert.Equal(["Phone", "Tablet"], await NamesAsync(person));

        var renamed = await (await person.PatchAsJsonAsync(Device(tablet.Id), new { name = "Old tablet" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Old tablet", "Pending"), (renamed.GetProperty("name").GetString(), renamed.GetProperty("status").GetString()));
        await (await person.PatchAsJsonAsync(Device(phone.Id), new { name = "phone" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var clash = await (await person.PatchAsJsonAsync(Device(phone.Id), new { name = "OLD TABLET" }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.True(clash.GetProperty("errors").TryGetProperty("name", out _));
        await (await person.PatchAsJsonAsync(Device(phone.Id), new { name = "" }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.Equal(["phone", "Old tablet"], await NamesAsync(person));

        await (await person.DeleteAsync(Device(tablet.Id), Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await person.DeleteAsync(Device(tablet.Id), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(["phone"], await NamesAsync(person));
    }

    [Fact]
    public async Task ChangesToAPersonsDevices_AreInTheirTenantsAuditLog()
    {
        var tenant = await hub.CreateTenantAsync();
        var user = MfaTestSupport.NewUserId();
        using var person = hub.Person(tenant, user);
        var device = await person.EnrollAsync();
        await (await person.ActivateAsync(device.Id, "000000")).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        await (await person.DeleteAsync(Device(device.Id), Ct)).ExpectAsync(HttpStatusCode.NoContent);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var entries = await auditor.TenantAuditAsync(tenant, Ct, $"actor=user:{user}");

        Assert.Equal(["RemoveMfaDevice", "ActivateMfaDevice", "EnrollMfaDevice"], entries.Select(entry => entry.Text("action")));
        Assert.Equal(MfaService.InvalidCode, entries[1].Reason());
    }

    [Fact]
    public async Task UnknownOrMalformedDeviceIds_Answer404()
    {
        var tenant = await hub.CreateTenantAsync();
        using var person = hub.Person(tenant, MfaTestSupport.NewUserId());

        foreach (var id in new[] { "0123456789abcdef", "not-a-device", "0123456789ABCDEF" })
        {
            await (await person.PatchAsJsonAsync(Device(id), new { name = "x" }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
            await (await person.PostAsJsonAsync($"{Device(id)}/activate", new { code = "123456" }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
            await (await person.DeleteAsync(Device(id), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        }
    }

    [Fact]
    public async Task AnotherPerson_OfTheSameOrAnotherTenant_SeesNoneOfMyDevices_AndGets404ForTheirIds()
    {
        var (tenant, otherTenant) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        var user = MfaTestSupport.NewUserId();
        using var me = hub.Person(tenant, user, Role.Owner);
        var active = await me.EnrollActiveAsync("Phone");
        var pending = await me.EnrollAsync("Tablet");
        await me.RegenerateBackupCodesAsync();

        var strangers = new (string Who, HttpClient Client)[]
        {
            ("an Owner of my tenant", hub.Person(tenant, MfaTestSupport.NewUserId(), Role.Owner)),
            ("a user of another tenant", hub.Person(otherTenant, MfaTestSupport.NewUserId(), Role.Owner)),
            ("my own user id in another tenant", hub.Person(otherTenant, user, Role.Owner)),
            ("a platform admin", hub.Person(null, user, Role.PlatformAdmin)),
        };
        foreach (var (who, stranger) in strangers)
        {
            using var _ = stranger;
            Assert.True((await NamesAsync(stranger)).Length == 0, $"{who} sees devices.");
            Assert.Equal(0, await stranger.RemainingBackupCodesAsync());
            foreach (var id in new[] { active.Id, pending.Id })
            {
                await (await stranger.PostAsJsonAsync($"{Device(id)}/activate", new { code = pending.CurrentCode() }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
                await (await stranger.PatchAsJsonAsync(Device(id), new { name = "Mine now" }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
                await (await stranger.DeleteAsync(Device(id), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
            }
        }

        Assert.Equal(["Phone", "Tablet"], await NamesAsync(me));
        Assert.Equal(10, await me.RemainingBackupCodesAsync());
        await (await me.ActivateAsync(pending.Id, pending.CurrentCode())).ExpectAsync(HttpStatusCode.OK);
    }
}
