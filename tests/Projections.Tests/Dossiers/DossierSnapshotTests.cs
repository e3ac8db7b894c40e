using System.Globalization;
using EMage.Domain.Accounts;
using EMage.Domain.Dossiers;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using EMage.Testing;
using Marten;

namespace EMage.Projections.Tests.Dossiers;

/// <summary>
/// Dossier snapshots: a state restored from its snapshot is the folded state, field for field; a
/// long dossier stream gets a snapshot, and commands on it decide as on the whole stream.
/// </summary>
public class DossierSnapshotTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    /// <summary>Every field of the state, written independently of the snapshot's own mapping.</summary>
    private static string Describe(Dossier d) => string.Join('\n', new[]
        {
            $"patient {d.PatientId} exists {d.Exists}",
        }
        .Concat(d.Exams.Values.OrderBy(e => e.Id).Select(e =>
            $"exam {e.Id} {e.EstablishmentId} {e.Label} {e.AccessionNumber} {e.StudyInstanceUid} report {e.ReportId} images {e.Instances} " +
            $"correspondents {string.Join(',', e.Correspondents.Order())}"))
        .Concat(d.ActiveGrants.Values.OrderBy(g => g.GrantId).Select(g => $"grant {g.GrantId} {g.ProfessionalId} {g.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)}"))
        .Concat(d.Unseen.OrderBy(u => u.ExamId).ThenBy(u => u.Kind).Select(u => $"unseen {u.ExamId} {u.Kind}")));

    [Fact]
    public void ARestoredState_IsTheFoldedState_ForRandomHistories()
    {
        var snapshotter = new DossierSnapshotter();
        var random = new Random(20261204);
        for (var run = 0; run < 200; run++)
        {
            var patient = Guid.NewGuid();
            var at = new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.FromHours(1));
            var exams = new List<Guid>();
            var grants = new List<(Guid Grant, Guid Professional)>();
            var state = Dossier.Evolve(Dossier.Initial, new DossierCreated(patient, "Durand", "Marie", new DateOnly(1984, 5, 12), Sex.Female, null, null, at));
            for (var step = 0; step < random.Next(1, 60); step++)
            {
                at = at.AddMinutes(random.Next(1, 600));
                object e = (random.Next(8), exams.Count) switch
                {
                    (_, 0) or (0, _) => new ExamPublished(patient, Guid.NewGuid(), Guid.NewGuid(), "WISSEMBOURG", $"Examen {step}", "CT", at,
                        $"ACC{step}", $"1.2.250.{run}.{step}", [Guid.NewGuid()], at),
                    (1, _) => new ReportAttached(patient, exams[random.Next(exams.Count)], Guid.NewGuid(), at),
                    (2, _) => new ImagesReceived(patient, exams[random.Next(exams.Count)], random.Next(0, 3), random.Next(1, 40), at),
                    (3, _) => new CorrespondentDeclared(patient, exams[random.Next(exams.Count)], Guid.NewGuid(), at),
                    (4, _) => new DocumentSeen(patient, exams[random.Next(exams.Count)], random.Next(2) == 0 ? DocumentKind.Report : DocumentKind.Images, at),
                    (5, _) => new BreakGlassGranted(patient, Guid.NewGuid(), Guid.NewGuid(), "Urgence vitale, patient inconscient", at, at.AddHours(24)),
                    (6, _) when grants.Count > 0 => new BreakGlassExpired(patient, grants[0].Grant, grants[0].Professional, at),
                    _ => new DossierOpened(patient, Guid.NewGuid(), "Dr Test", AccessBasis.Radiologist, null, null, null, at),
                };
                switch (e)
                {
                    case ExamPublished p: exams.Add(p.ExamId); break;
                    case BreakGlassGranted g: grants.Add((g.GrantId, g.ProfessionalId)); break;
                    case BreakGlassExpired x: grants.RemoveAll(g => g.Grant == x.GrantId); break;
                }

                state = Dossier.Evolve(state, e);
            }

            var restored = (Dossier)snapshotter.Restore(snapshotter.Save(state));
            Assert.Equal(Describe(state), Describe(restored));
        }
    }

    [Fact]
    public async Task ALongDossier_GetsASnapshot_AndCommandsDecideAsOnTheWholeStream()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var dossiers = fixture.Get<DossierHandler>();
        var snapshotter = new DossierSnapshotter();
        for (var i = 0; i < 2 * snapshotter.Every + 7; i++)
        {
            await dossiers.ReceiveImages(w.Patient, w.ExamCt, i == 0 ? 1 : 0, 2, SeedWorld.System);
        }

        await using var query = fixture.Store.QuerySession();
        var snapshot = await query.LoadAsync<StreamSnapshot>($"{snapshotter.Kind}:{w.Patient:N}");
        Assert.NotNull(snapshot);
        var version = (await query.Events.FetchStreamStateAsync(w.Patient))!.Version;
        Assert.InRange(snapshot.Version, version - snapshotter.Every + 1, version);

        // The read after a snapshot starts right after it (fromVersion is inclusive).
        var fromSecond = await query.Events.FetchStreamAsync(w.Patient, fromVersion: 2);
        Assert.Equal(2, fromSecond[0].Version);
        Assert.Equal(version - 1, fromSecond.Count);

        // The snapshot and the events after it are the whole stream folded.
        var (whole, _) = await EventStreamWriter.Load(query, w.Patient, Dossier.Initial, Dossier.Evolve, default);
        var fromSnapshot = (Dossier)snapshotter.Restore(snapshot.State);
        foreach (var e in await query.Events.FetchStreamAsync(w.Patient, fromVersion: snapshot.Version + 1))
        {
            fromSnapshot = Dossier.Evolve(fromSnapshot, e.Data);
        }

        Assert.Equal(Describe(whole), Describe(fromSnapshot));
        Assert.Equal((2 * snapshotter.Every + 7) * 2, whole.Exams[w.ExamCt].Instances);

        // Decisions that read the restored state: seen once, then nothing more to see.
        await dossiers.MarkSeen(w.PatientAccount, w.ExamCt, DocumentKind.Images, SeedWorld.System);
        await dossiers.MarkSeen(w.PatientAccount, w.ExamCt, DocumentKind.Images, SeedWorld.System);
        await using var after = fixture.Store.QuerySession();
        var seen = (await after.Events.FetchStreamAsync(w.Patient)).Select(e => e.Data).OfType<DocumentSeen>().Count(s => s.Kind == DocumentKind.Images);
        Assert.Equal(1, seen);

        // Only a cache: without it, the next command reads the whole stream and decides the same.
        await using (var session = fixture.Store.LightweightSession())
        {
            session.Delete<StreamSnapshot>(snapshot.Id);
            await session.SaveChangesAsync();
        }

        await dossiers.ReceiveImages(w.Patient, w.ExamCt, 0, 3, SeedWorld.System);
        await using var last = fixture.Store.QuerySession();
        Assert.Equal((2 * snapshotter.Every + 7) * 2 + 3, (await last.LoadAsync<PatientExams>(w.Patient))!.Exam(w.ExamCt)!.InstanceCount);
    }
}
