using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Domain.Establishments;
using EMage.Projections.Accounts;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Platform;
using EMage.Projections.Professionals;
using EMage.Projections.Store;

using Microsoft.Extensions.DependencyInjection;

namespace EMage.Testing;

/// <summary>
/// The seed's world, built through the real handlers with fresh ids per test: WISSEMBOURG and
/// HAGUENAU, their staff, a platform administrator, and a patient with a CT at WISSEMBOURG.
/// </summary>
public sealed class SeedWorld
{
    private static int _rpps = 100_000;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    public static readonly CommandContext System = CommandContext.For(Actor.System("test"));

    public Guid Wissembourg { get; } = Guid.NewGuid();
    public Guid Haguenau { get; } = Guid.NewGuid();
    public Guid Correspondent { get; } = Guid.NewGuid();
    public Guid Radiologist { get; } = Guid.NewGuid();
    public Guid EstablishmentAdmin { get; } = Guid.NewGuid();
    public Guid PlatformAdmin { get; } = Guid.NewGuid();
    public Guid Stranger { get; } = Guid.NewGuid();
    public Guid HaguenauRadiologist { get; } = Guid.NewGuid();
    public Guid Patient { get; } = Guid.NewGuid();
    public Guid ExamCt { get; } = Guid.NewGuid();
    public Guid PatientAccount { get; private set; }

    private SeedWorld(IServiceProvider services, TimeProvider clock) => (_services, _clock) = (services, clock);

    public static async Task<SeedWorld> Build(IServiceProvider services, TimeProvider clock)
    {
        var world = new SeedWorld(services, clock);
        await world.Populate();
        return world;
    }

    public static string NextRpps()
    {
        return Luhn.WithCheckDigit("1" + Interlocked.Increment(ref _rpps).ToString("D9", global::System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task Populate()
    {
        var professionals = Get<ProfessionalHandler>();
        var establishments = Get<EstablishmentHandler>();
        await establishments.Register(Wissembourg, "670000157", "WISSEMBOURG", "Wissembourg", System);
        await establishments.Register(Haguenau, "670000066", "HAGUENAU", "Haguenau", System);
        await professionals.Register(Correspondent, NextRpps(), "Lefèvre", "Élodie", "Médecin", "Médecine générale", System);
        await professionals.Register(Radiologist, NextRpps(), "Admin", "radiologue", "Médecin", "Radiologie", System);
        await professionals.Register(EstablishmentAdmin, NextRpps(), "Administrateur", "", "Administrateur", "Sans spécialité", System);
        await professionals.Register(PlatformAdmin, NextRpps(), "ADMINISTRATEUR", "SUPPORT", "Administrateur", "Sans spécialité", System);
        await professionals.Register(Stranger, NextRpps(), "Urgentiste", "Paul", "Médecin", "Médecine d'urgence", System);
        await professionals.Register(HaguenauRadiologist, NextRpps(), "Klein", "Anne", "Médecin", "Radiologie", System);
        await establishments.AppointStaff(Wissembourg, Radiologist, StaffRole.Radiologist, System);
        await establishments.AppointStaff(Wissembourg, EstablishmentAdmin, StaffRole.EstablishmentAdministrator, System);
        await establishments.AppointStaff(Haguenau, HaguenauRadiologist, StaffRole.Radiologist, System);
        await Get<PlatformHandler>().AppointAdministrator(PlatformAdmin, System);
        await PublishCt(Patient, ExamCt);
        PatientAccount = await Get<AccountHandler>().Provision($"p-{Patient:N}@example.fr", AccountRole.Patient, "Marie Durand", Patient, System);
    }

    private T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public Task PublishCt(Guid patient, Guid exam, Guid? establishment = null) =>
        Get<DossierHandler>().Publish(new ExamToPublish(
            patient, new PatientIdentity("Durand", "Marie", new DateOnly(1984, 5, 12), Sex.Female, null, null), exam,
            establishment ?? Wissembourg, "Scanner thoracique", "CT", _clock.GetUtcNow().AddHours(-1),
            "A" + exam.ToString("N")[..8], $"1.2.250.{Math.Abs(exam.GetHashCode())}", [Correspondent]), System);
}
