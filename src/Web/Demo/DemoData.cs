using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Accounts;
using EMage.Projections.Establishments;
using EMage.Projections.Store;
using Marten;

namespace EMage.Web.Demo;

/// <summary>
/// Seeds a small, realistic data set into an empty store. Registered only in the Development
/// environment (what `./emage run` uses); never in any other.
/// </summary>
public sealed class DemoData(
    IDocumentStore store, AccountHandler accounts, EstablishmentHandler establishments, ILogger<DemoData> log) : IHostedService
{
    public const string Password = "Demo-e-mage-2026";

    public static readonly IReadOnlyList<(string Email, AccountRole Role, string Name)> SignIns =
    [
        ("marie.durand@demo.e-mage.fr", AccountRole.Patient, "Marie Durand"),
        ("radiologue@demo.e-mage.fr", AccountRole.Professional, "Dr Paul Klein"),
        ("support@demo.e-mage.fr", AccountRole.PlatformAdministrator, "SUPPORT ADMINISTRATEUR"),
        ("auditeur@demo.e-mage.fr", AccountRole.Auditor, "Claire Auditrice"),
    ];

    public async Task StartAsync(CancellationToken ct)
    {
        await using (var session = store.QuerySession())
        {
            if (await session.Query<AccountStatus>().AnyAsync(ct))
            {
                log.LogInformation("Demo data already present");
                PrintSignIns();
                return;
            }
        }

        var context = CommandContext.For(Actor.System("demo-seed"));
        await establishments.Register(Guid.Parse("0195a3c4-0000-7000-8000-0000000000e1"), "670000157", "WISSEMBOURG", "Wissembourg", context, ct);
        await establishments.Register(Guid.Parse("0195a3c4-0000-7000-8000-0000000000e2"), "670000066", "HAGUENAU", "Haguenau", context, ct);
        var patientId = Guid.Parse("0195a3c4-0000-7000-8000-0000000000a1");
        foreach (var (email, role, name) in SignIns)
        {
            var id = await accounts.Provision(email, role, name, role == AccountRole.Patient ? patientId : null, context, ct);
            await accounts.SetPassword(id, Password, context, ct);
        }

        log.LogInformation("Demo data seeded");
        PrintSignIns();
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private static void PrintSignIns()
    {
        Console.WriteLine();
        Console.WriteLine("Demo sign-ins (password for all: " + Password + "):");
        foreach (var (email, role, name) in SignIns)
        {
            Console.WriteLine($"  {role,-22} {email,-32} {name}");
        }

        Console.WriteLine();
    }
}
