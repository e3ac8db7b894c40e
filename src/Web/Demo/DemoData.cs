using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Domain.Establishments;
using EMage.Projections.Accounts;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Imaging;
using EMage.Projections.Platform;
using EMage.Projections.Professionals;
using EMage.Projections.Shares;
using EMage.Projections.Store;
using Marten;

namespace EMage.Web.Demo;

/// <summary>
/// Seeds a small, realistic world into an empty store, so that every screen has something to show:
/// the seed guide's people and dates. Registered only in the Development environment (what
/// `./emage run` uses); never in any other.
/// </summary>
public sealed class DemoData(
    IDocumentStore store, PasswordHashing hashing, IBlobStore blobs, EMage.Projections.Mail.MailTemplates mail, ILogger<DemoData> log) : IHostedService
{
    public const string Password = "Demo-e-mage-2026";

    public static readonly IReadOnlyList<(string Email, AccountRole Role, string Name)> SignIns =
    [
        ("marie.durand@demo.e-mage.fr", AccountRole.Patient, "Marie Durand"),
        ("radiologue@demo.e-mage.fr", AccountRole.Professional, "radiologue Admin"),
        ("support@demo.e-mage.fr", AccountRole.PlatformAdministrator, "SUPPORT ADMINISTRATEUR"),
        ("auditeur@demo.e-mage.fr", AccountRole.Auditor, "Claire Auditrice"),
    ];

    private static readonly TimeSpan Paris = TimeSpan.FromHours(1);
    private static readonly Guid Wissembourg = Guid.Parse("0195a3c4-0000-7000-8000-0000000000e1");
    private static readonly Guid Haguenau = Guid.Parse("0195a3c4-0000-7000-8000-0000000000e2");
    private static readonly Guid Patient = Guid.Parse("0195a3c4-0000-7000-8000-0000000000a1");
    private static readonly Guid Radiologist = Guid.Parse("0195a3c4-0000-7000-8000-00000000c002");
    private static readonly Guid Administrator = Guid.Parse("0195a3c4-0000-7000-8000-00000000c003");
    private static readonly Guid AdminPrincipal = Guid.Parse("0195a3c4-0000-7000-8000-00000000c007");
    private static readonly Guid Support = Guid.Parse("0195a3c4-0000-7000-8000-00000000c004");
    private static readonly Guid Correspondent = Guid.Parse("0195a3c4-0000-7000-8000-00000000c001");
    private static readonly Guid HaguenauRadiologist = Guid.Parse("0195a3c4-0000-7000-8000-00000000c006");
    private static readonly Guid EmergencyDoctor = Guid.Parse("0195a3c4-0000-7000-8000-00000000c005");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var session = store.QuerySession())
        {
            if (await session.Query<AccountStatus>().AnyAsync(cancellationToken))
            {
                log.LogInformation("Demo data already present");
                PrintSignIns();
                return;
            }
        }

        await Seed(cancellationToken);
        log.LogInformation("Demo data seeded");
        PrintSignIns();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What the newest outbox e-mail of a kind says, captured by <paramref name="pattern"/>.</summary>
    private async Task<string> LastOutboxText(string kind, string pattern, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var message = await query.Query<EMage.Projections.Mail.OutboxMessage>().Where(m => m.Kind == kind)
            .OrderByDescending(m => m.QueuedAt).FirstAsync(ct);
        return System.Text.RegularExpressions.Regex.Match(message.Text ?? "", pattern).Groups[1].Value;
    }

    private async Task Seed(CancellationToken ct)
    {
        // The world is written at the dates of the seed guide, through the real handlers.
        var clock = new DemoClock(new DateTimeOffset(2022, 12, 1, 9, 0, 0, Paris));
        var writer = new EventStreamWriter(store, [], [new DossierSnapshotter(), new AccountSnapshotter()]);
        var establishments = new EstablishmentHandler(store, writer, clock);
        var professionals = new ProfessionalHandler(writer, clock);
        var platform = new PlatformHandler(store, writer, clock);
        var dossiers = new DossierHandler(store, writer, clock);
        var accounts = new AccountHandler(store, writer, hashing, clock);
        var context = CommandContext.For(Actor.System("demo-seed"));

        await establishments.Register(Wissembourg, "670000157", "WISSEMBOURG", "Wissembourg", context, ct);
        await establishments.Register(Haguenau, "670000066", "HAGUENAU", "Haguenau", context, ct);
        await professionals.Register(Radiologist, "10000000017", "Admin", "radiologue", "Médecin", "Radiologie", context, ct);
        await professionals.Register(Administrator, "10000000025", "Administrateur", "", "Administrateur", "Sans spécialité", context, ct);
        await professionals.Register(AdminPrincipal, "10000000033", "principal", "Admin", "Administrateur", "Chirurgie plastique", context, ct);
        await professionals.Register(Support, "10000000041", "ADMINISTRATEUR", "SUPPORT", "Administrateur", "Sans spécialité", context, ct);
        await professionals.Register(Correspondent, "10000000058", "Lefèvre", "Élodie", "Médecin", "Médecine générale", context, ct);
        await professionals.Register(HaguenauRadiologist, "10000000066", "Klein", "Anne", "Médecin", "Radiologie", context, ct);
        await professionals.Register(EmergencyDoctor, "10000000074", "Meyer", "Paul", "Médecin", "Médecine d'urgence", context, ct);

        clock.Now = new DateTimeOffset(2022, 12, 8, 8, 30, 0, Paris);
        await establishments.AppointStaff(Wissembourg, Radiologist, StaffRole.Radiologist, context, ct);
        await establishments.AppointStaff(Wissembourg, Administrator, StaffRole.EstablishmentAdministrator, context, ct);
        await establishments.AppointStaff(Wissembourg, AdminPrincipal, StaffRole.EstablishmentAdministrator, context, ct);
        await establishments.AppointStaff(Haguenau, HaguenauRadiologist, StaffRole.Radiologist, context, ct);
        await platform.AppointAdministrator(Support, context, ct);

        var identity = new PatientIdentity("Durand", "Marie", new DateOnly(1984, 5, 12), Sex.Female, "marie.durand@demo.e-mage.fr", null);
        var exams = new (Guid Id, Guid Establishment, string Label, string Modality, DateTimeOffset At, int Series, int Instances)[]
        {
            (Guid.Parse("0195a3c4-0000-7000-8000-00000000ec01"), Wissembourg, "Radiographie du thorax", "CR", new(2022, 12, 8, 10, 5, 0, Paris), 2, 1),
            (Guid.Parse("0195a3c4-0000-7000-8000-00000000ec02"), Wissembourg, "Scanner abdomino-pelvien", "CT", new(2023, 3, 6, 9, 40, 0, Paris), 1, 24),
            (Guid.Parse("0195a3c4-0000-7000-8000-00000000ec03"), Haguenau, "IRM du genou droit", "MR", new(2023, 4, 14, 16, 20, 0, Paris), 2, 16),
        };
        var ingest = new ImageIngest(store, blobs, writer, clock);
        var reports = new ReportUpload(store, blobs, writer, clock);
        var number = 0;
        foreach (var exam in exams)
        {
            number++;
            clock.Now = exam.At.AddHours(2);
            var study = $"1.2.250.1.999.1.{number}";
            await dossiers.Publish(new ExamToPublish(Patient, identity, exam.Id, exam.Establishment, exam.Label, exam.Modality, exam.At,
                $"DEMO{number:D4}", study, [Correspondent]), context,
                session => session.Store(new PatientLink { Id = PatientLink.ByLocalId(exam.Establishment, DemoImages.PatientIdAtEstablishments), PatientId = Patient }),
                ct);
            for (var series = 1; series <= exam.Series; series++)
            {
                var images = DemoImages.Instances(new DemoImages.Series(study, $"{study}.{series}", exam.Modality, $"DEMO{number:D4}",
                    exam.At.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), exam.Label, exam.Instances, exam.Modality == "CR" ? 256 : 128,
                    SeriesNumber: series, SeriesDescription: SeriesDescription(exam.Modality, series),
                    StudyTime: exam.At.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture)));
                await ingest.Ingest(exam.Establishment, images.ToList(), study, context, ct);
            }

            clock.Now = exam.At.AddDays(1);
            await reports.Attach(exam.Establishment, exam.Id, DemoImages.ReportPdf($"Compte rendu : {exam.Label}",
            [
                $"Patiente : Marie DURAND, née le 12/05/1984. Examen du {exam.At:dd/MM/yyyy}.",
                "Indication : bilan demandé par le Dr Élodie Lefèvre.",
                "Technique : acquisition standard, sans injection.",
                "Résultats : pas d'anomalie décelable. Structures de morphologie normale.",
                "Conclusion : examen sans particularité.",
            ]), context, ct);
        }

        var patientAccount = await accounts.Provision("marie.durand@demo.e-mage.fr", AccountRole.Patient, "Marie Durand", Patient, context, ct: ct);
        var radiologistAccount = await accounts.Provision("radiologue@demo.e-mage.fr", AccountRole.Professional, "radiologue Admin", null, context, Radiologist, ct);
        var supportAccount = await accounts.Provision("support@demo.e-mage.fr", AccountRole.PlatformAdministrator, "SUPPORT ADMINISTRATEUR", null, context, Support, ct);
        var auditorAccount = await accounts.Provision("auditeur@demo.e-mage.fr", AccountRole.Auditor, "Claire Auditrice", null, context, ct: ct);
        await platform.AppointAuditor(auditorAccount, context, ct);
        foreach (var account in new[] { patientAccount, radiologistAccount, supportAccount, auditorAccount })
        {
            await accounts.SetPassword(account, Password, context, ct);
        }

        // The openings of the seed's "Historique" tab.
        var openings = new (Guid Who, Guid Exam, DateTimeOffset At)[]
        {
            (Support, exams[1].Id, new(2023, 3, 6, 17, 19, 0, Paris)),
            (Support, exams[1].Id, new(2023, 3, 21, 11, 59, 0, Paris)),
            (Radiologist, exams[1].Id, new(2023, 4, 17, 14, 13, 0, TimeSpan.FromHours(2))),
            (Correspondent, exams[2].Id, new(2023, 4, 18, 15, 40, 0, TimeSpan.FromHours(2))),
            (Correspondent, exams[2].Id, new(2023, 5, 5, 16, 28, 0, TimeSpan.FromHours(2))),
        };
        foreach (var (who, exam, at) in openings)
        {
            clock.Now = at;
            await dossiers.Open(Patient, who, exam, CommandContext.For(Actor.System("demo-seed")), ct: ct);
        }

        // Today: an emergency doctor's break-glass access, and a share with a relative.
        clock.Now = DateTimeOffset.UtcNow.AddHours(-1);
        await dossiers.RequestBreakGlass(Patient, EmergencyDoctor,
            "Patient admise aux urgences inconsciente, besoin des imageries antérieures.", context, ct);
        await dossiers.Open(Patient, EmergencyDoctor, null, context, ct: ct);
        var shares = new ShareHandler(store, writer, mail, clock);
        var share = await shares.Share(patientAccount, exams[2].Id, "proche@demo.e-mage.fr", "Voici mon IRM du genou.", 7,
            CommandContext.For(Actor.Account(patientAccount)), ct);
        clock.Now = DateTimeOffset.UtcNow.AddMinutes(-20);
        // The relative opens the link and types the code: both come from the e-mails in the outbox.
        var recipient = CommandContext.For(Actor.Anonymous("127.0.0.1"));
        var challenge = await shares.RequestCode(await LastOutboxText("share-invitation", @"#(\S+)", ct), recipient, ct);
        await shares.VerifyCode(challenge.Challenge, await LastOutboxText("share-code", @": (\d{6})", ct), recipient, ct);

        // WISSEMBOURG's API client, for trying the establishment operations; its secret exists only here.
        var client = await new ApiClients(store, writer, clock).Register(Wissembourg, context, ct);
        var line = $"Demo API client of WISSEMBOURG: Authorization: Bearer {client.BearerToken}";
        Console.WriteLine(line);
        if (Environment.GetEnvironmentVariable("EMAGE_DATA") is { Length: > 0 } data)
        {
            await File.WriteAllTextAsync(Path.Combine(data, "demo-api-client.txt"), client.BearerToken + "\n", ct);
        }
    }

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

    private static string SeriesDescription(string modality, int series) => (modality, series) switch
    {
        ("MR", 1) => "Axiale T1",
        ("MR", _) => "Axiale T2",
        ("CR", 1) => "Face",
        ("CR", _) => "Profil",
        _ => "Hélicoïdale abdomino-pelvienne",
    };

    private sealed class DemoClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
