using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using DataGovernance.Accounts;
using DataGovernance.Mfa;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataGovernance.Workbench;

/// <summary>
/// Sign-in cost and throughput (<c>./hub bench auth</c>): the CPU time one password check costs at several PBKDF2
/// iteration counts (the configured count must land in 50–150 ms), then full sign-ins through the hub's
/// services against Azurite next to bare password checks at the same parallelism in the same run.
/// </summary>
public static class AuthBenchmark
{
    private const string Password = "violet kettle harbour 42";
    private static readonly int[] IterationCounts = [100_000, 210_000, 300_000, 600_000];

    public static async Task<int> RunAsync(Func<IHost> createHost, IReadOnlyList<string> options)
    {
        var signIns = options is ["--sign-ins", var value] && int.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 200;
        using var host = createHost();
        var services = host.Services;
        await new StorageInitializer(services.GetRequiredService<HubStorage>()).StartAsync(CancellationToken.None);
        var configured = services.GetRequiredService<IOptions<AccountOptions>>().Value.PasswordHashIterations;

        Console.WriteLine("bench auth: CPU time of one password check (PBKDF2-HMAC-SHA512) per iteration count...");
        var cost = new Dictionary<int, double>();
        foreach (var iterations in IterationCounts.Append(configured).Distinct().Order())
        {
            cost[iterations] = CpuMillisecondsPerCheck(iterations);
            Console.WriteLine($"  {iterations,9:N0} iterations: {cost[iterations]:F1} ms CPU{(iterations == configured ? "  (configured)" : "")}");
        }

        var (tenantId, email) = await CreateAccountAsync(services);
        var signIn = services.GetRequiredService<SignInService>();
        var passwords = services.GetRequiredService<AccountPasswords>();
        var account = await services.GetRequiredService<AccountStore>().FindByEmailAsync(tenantId, email, CancellationToken.None);
        var client = new ClientInfo("198.51.100.7", "bench", "bench-auth");

        Console.WriteLine($"bench auth: {signIns} sign-ins and {signIns} bare password checks at parallelism 1 and {Environment.ProcessorCount * 2}...");
        var rows = new List<string>();
        foreach (var parallelism in new[] { 1, Environment.ProcessorCount * 2 })
        {
            var bare = await MeasureAsync(signIns, parallelism, () =>
            {
                if (!passwords.Verify(account, Password).Matches)
                {
                    throw new InvalidOperationException("The password check failed.");
                }
                return Task.CompletedTask;
            });
            var full = await MeasureAsync(signIns, parallelism, async () =>
            {
                var outcome = await signIn.SignInAsync(new SignInRequest(tenantId, email, Password), client, CancellationToken.None);
                if (!outcome.Succeeded || outcome.Value.Tokens is null)
                {
                    throw new InvalidOperationException($"A sign-in failed: {(outcome.Succeeded ? "no tokens" : outcome.Failure.Code)}");
                }
            });
            rows.Add($"| password checks, parallelism {parallelism} | {bare.PerSecond:F1}/s | {bare.P50:F0} ms | {bare.P99:F0} ms | 1.00 |");
            rows.Add($"| sign-ins, parallelism {parallelism} | {full.PerSecond:F1}/s | {full.P50:F0} ms | {full.P99:F0} ms | {full.PerSecond / bare.PerSecond:F2} of password checks |");
        }

        Console.WriteLine($"bench auth: {signIns} TOTP verifications (one per person, the next time step's code) next to the same storage work...");
        var (totp, storageWork) = await MeasureTotpAsync(services, tenantId, signIns, Environment.ProcessorCount * 2);
        rows.Add($"| table read + conditional write of one row, parallelism {Environment.ProcessorCount * 2} | {storageWork.PerSecond:F1}/s | {storageWork.P50:F0} ms | {storageWork.P99:F0} ms | 1.00 |");
        rows.Add($"| TOTP verifications, parallelism {Environment.ProcessorCount * 2} | {totp.PerSecond:F1}/s | {totp.P50:F0} ms | {totp.P99:F0} ms | {totp.PerSecond / storageWork.PerSecond:F2} of the storage work |");

        Console.WriteLine();
        Console.WriteLine($"| measurement | throughput | p50 | p99 | ratio |");
        Console.WriteLine("|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        var configuredCost = cost[configured];
        Console.WriteLine();
        Console.WriteLine($"configured KDF cost: {configuredCost:F1} ms CPU per sign-in; target 50-150 ms: {(configuredCost is >= 50 and <= 150 ? "met" : "NOT met")}");
        return 0;
    }

    private static double CpuMillisecondsPerCheck(int iterations)
    {
        var passwords = new AccountPasswords(Options.Create(new AccountOptions { PasswordHashIterations = iterations }));
        var account = new HubAccount("bench", "bench", "bench@example.org", null, passwords.Hash(Password), [], default, default);
        const int checks = 10;
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < checks; i++)
        {
            passwords.Verify(account, Password);
        }
        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / checks;
    }

    private static async Task<(string TenantId, string Email)> CreateAccountAsync(IServiceProvider services)
    {
        var tenantId = $"bench-auth-{Guid.NewGuid():N}"[..24];
        var tenant = await services.GetRequiredService<TenantService>().CreateAsync(
            new NewTenantRequest(tenantId, "Bench Tenant", "eu", "Europe/Berlin", "en-GB", null, null), CancellationToken.None);
        if (!tenant.Succeeded)
        {
            throw new InvalidOperationException($"Creating tenant {tenantId} failed: {tenant.Failure.Detail}");
        }
        var invitations = services.GetRequiredService<InvitationService>();
        var email = "bench.user@example.org";
        var invited = await invitations.CreateAsync(tenantId, new InvitationRequest(email, "Bench User", ["Member"]),
            Caller.ForUser("bench", null, [Role.PlatformAdmin]), CancellationToken.None);
        if (!invited.Succeeded)
        {
            throw new InvalidOperationException($"Inviting failed: {invited.Failure.Detail}");
        }
        var accepted = await invitations.AcceptAsync(new AcceptInvitationRequest(invited.Value.Token, Password, null), CancellationToken.None);
        if (!accepted.Succeeded)
        {
            throw new InvalidOperationException($"Accepting the invitation failed: {accepted.Failure.Detail}");
        }
        return (tenantId, email);
    }

    /// <summary>
    /// Each code is accepted once per device, so every verification is a different person's: one enrolled device each,
    /// verified with the code of the step after the one its activation used. The baseline does what a verification
    /// costs in storage — read a row, write it back under its ETag — without the cryptography.
    /// </summary>
    private static async Task<((double PerSecond, double P50, double P99) Totp, (double PerSecond, double P50, double P99) Storage)> MeasureTotpAsync(
        IServiceProvider services, string tenantId, int count, int parallelism)
    {
        var mfa = services.GetRequiredService<MfaService>();
        var context = new WriteContext(Actor.System("bench"), "bench-auth");
        var people = new (string UserId, byte[] Secret)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, token) =>
        {
            var userId = $"bench-totp-{i}";
            var enrolled = await mfa.BeginEnrollmentAsync(tenantId, userId, new MfaDeviceNameRequest("phone"), token);
            if (!enrolled.Succeeded)
            {
                throw new InvalidOperationException($"Enrolling a bench device failed: {enrolled.Failure.Code}");
            }
            var secret = OtpNet.Base32Encoding.ToBytes(enrolled.Value.Secret);
            var code = AuthenticatorCodes.Compute(secret, TotpParameters.Default, DateTimeOffset.UtcNow);
            var activated = await mfa.ActivateAsync(tenantId, userId, enrolled.Value.Device.Id, new MfaCodeRequest(code), context, token);
            if (!activated.Succeeded)
            {
                throw new InvalidOperationException($"Activating a bench device failed: {activated.Failure.Code}");
            }
            people[i] = (userId, secret);
        });

        var table = services.GetRequiredService<HubStorage>().Primary.Table(StorageNames.MfaDevicesTable);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, token) =>
            await table.UpsertEntityAsync(new TableEntity("bench-storage", $"row-{i}") { ["LastAcceptedStep"] = 0L }, cancellationToken: token));
        var next = -1;
        var storage = await MeasureAsync(count, parallelism, async () =>
        {
            var read = (await table.GetEntityAsync<TableEntity>("bench-storage", $"row-{Interlocked.Increment(ref next)}")).Value;
            read["LastAcceptedStep"] = 1L;
            await table.UpdateEntityAsync(read, read.ETag, TableUpdateMode.Replace);
        });

        var person = -1;
        var totp = await MeasureAsync(count, parallelism, async () =>
        {
            var (userId, secret) = people[Interlocked.Increment(ref person)];
            var code = AuthenticatorCodes.Compute(secret, TotpParameters.Default, DateTimeOffset.UtcNow.AddSeconds(TotpParameters.Default.PeriodSeconds));
            var verified = await mfa.VerifyAsync(tenantId, userId, code, CancellationToken.None);
            if (!verified.Succeeded)
            {
                throw new InvalidOperationException($"A TOTP verification failed: {verified.Failure.Code}");
            }
        });
        return (totp, storage);
    }

    private static async Task<(double PerSecond, double P50, double P99)> MeasureAsync(int count, int parallelism, Func<Task> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var index && index < count)
            {
                var started = Stopwatch.GetTimestamp();
                await operation();
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var elapsed = watch.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (count / elapsed, latencies[count / 2], latencies[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)]);
    }
}
