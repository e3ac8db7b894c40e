using EMage.Testing;
using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Domain.Establishments;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Expiry;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Tests.Dossiers;

public class DossierProjectionTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private DossierHandler Dossiers => fixture.Get<DossierHandler>();
    private ProfessionalsWithAccessQuery Professionals => fixture.Get<ProfessionalsWithAccessQuery>();
    private static CommandContext As(Guid professional) => CommandContext.For(Actor.Account(professional));

    [Fact]
    public async Task TheProfessionalsList_ShowsEveryoneTheRuleAllows_WithNamesAndInstitutions()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);

        var rows = await Professionals.Live(w.Patient);

        Assert.Equal(
            [
                (w.Correspondent, AccessBasis.Correspondent, "Lefèvre", ProfessionalsWithAccessQuery.PlatformInstitution),
                (w.Radiologist, AccessBasis.Radiologist, "Admin", "WISSEMBOURG"),
                (w.EstablishmentAdmin, AccessBasis.EstablishmentAdministrator, "Administrateur", "WISSEMBOURG"),
            ],
            rows.Where(r => r.Basis != AccessBasis.PlatformAdministrator).Select(r => (r.ProfessionalId, r.Basis, r.FamilyName, r.Institution)));
        Assert.Contains(rows, r => r.ProfessionalId == w.PlatformAdmin && r.Basis == AccessBasis.PlatformAdministrator);
        Assert.DoesNotContain(rows, r => r.ProfessionalId == w.HaguenauRadiologist || r.ProfessionalId == w.Stranger);
    }

    [Theory]
    [InlineData("lefevre")]     // accents and case do not matter
    [InlineData("ÉLODIE")]
    [InlineData("elo lef")]     // prefixes of several words
    public async Task TheProfessionalsList_IsSearchableByName(string search)
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var rows = await Professionals.Live(w.Patient, search);
        Assert.Equal(w.Correspondent, Assert.Single(rows).ProfessionalId);
    }

    [Fact]
    public async Task TheProfessionalsList_IsSearchableByRpps()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var rpps = (await Professionals.Live(w.Patient)).Single(r => r.ProfessionalId == w.Radiologist).Rpps;
        Assert.Equal(w.Radiologist, Assert.Single(await Professionals.Live(w.Patient, rpps)).ProfessionalId);
    }

    [Fact]
    public async Task AStaffChange_ShowsInEveryPatientsList_WithoutTouchingTheirDocuments()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var second = Guid.NewGuid();
        await w.PublishCt(second, Guid.NewGuid());
        DateTimeOffset? before;
        await using (var query = fixture.Store.QuerySession())
        {
            before = (await query.MetadataForAsync((await query.LoadAsync<PatientAccessDocument>(w.Patient))!))!.LastModified;
        }

        await fixture.Get<EstablishmentHandler>().AppointStaff(w.Wissembourg, w.HaguenauRadiologist, StaffRole.Radiologist, SeedWorld.System);

        foreach (var patient in new[] { w.Patient, second })
        {
            Assert.Contains(await Professionals.Live(patient), r => r.ProfessionalId == w.HaguenauRadiologist && r.Institution == "WISSEMBOURG");
        }

        await using var after = fixture.Store.QuerySession();
        Assert.Equal(before, (await after.MetadataForAsync((await after.LoadAsync<PatientAccessDocument>(w.Patient))!))!.LastModified);
    }

    [Fact]
    public async Task AnOpening_IsRecordedInTheHistory_WithActorBasisAndExam()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);

        var basis = await Dossiers.Open(w.Patient, w.Radiologist, w.ExamCt, As(w.Radiologist));

        Assert.Equal(AccessBasis.Radiologist, basis);
        var page = await fixture.Get<AccessHistoryQuery>().Page(w.Patient, 10);
        var row = Assert.Single(page.Entries);
        Assert.Equal(("radiologue Admin", AccessBasis.Radiologist, "Scanner thoracique", fixture.Clock.GetUtcNow()),
            (row.ActorName, row.Basis, row.ExamLabel, row.OpenedAt));
    }

    [Fact]
    public async Task ARefusedOpening_IsRecordedOnTheProfessional_AndLooksLikeAMissingDossier()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Dossiers.Open(w.Patient, w.Stranger, null, As(w.Stranger)));
        var missing = await Assert.ThrowsAsync<DomainException>(() => Dossiers.Open(Guid.NewGuid(), w.Stranger, null, As(w.Stranger)));

        Assert.Equal((refused.Code, refused.Message), (missing.Code, missing.Message));
        Assert.Equal("NOT_AUTHORISED", refused.Code);
        await using var query = fixture.Store.QuerySession();
        var recorded = (await query.Events.FetchStreamAsync(w.Stranger)).Select(e => e.Data).OfType<DossierAccessRefused>().ToList();
        Assert.Equal(2, recorded.Count);
        Assert.Empty((await fixture.Get<AccessHistoryQuery>().Page(w.Patient, 10)).Entries);
    }

    [Fact]
    public async Task BreakGlass_IsATemporaryRow_OpensTheDossier_AndExpiresOnItsOwnOnce()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        await Assert.ThrowsAsync<DomainException>(() => Dossiers.RequestBreakGlass(w.Patient, w.Stranger, "urgence", As(w.Stranger)));

        await Dossiers.RequestBreakGlass(w.Patient, w.Stranger, "Patient inconscient aux urgences, imagerie antérieure nécessaire", As(w.Stranger));
        var row = (await Professionals.Live(w.Patient)).Single(r => r.ProfessionalId == w.Stranger);
        Assert.True(row.Temporary);
        Assert.Equal(fixture.Clock.GetUtcNow().AddHours(24), row.TemporaryUntil);
        Assert.Equal(AccessBasis.BreakGlass, await Dossiers.Open(w.Patient, w.Stranger, null, As(w.Stranger)));

        fixture.Clock.Advance(TimeSpan.FromHours(24));
        Assert.DoesNotContain(await Professionals.Live(w.Patient), r => r.ProfessionalId == w.Stranger);
        await Assert.ThrowsAsync<DomainException>(() => Dossiers.Open(w.Patient, w.Stranger, null, As(w.Stranger)));

        // Two nodes run the expiry job at the same moment: one expiry event, no error.
        await Task.WhenAll(fixture.Get<ExpiryRunner>().RunDue(), fixture.Get<ExpiryRunner>().RunDue());
        await using var query = fixture.Store.QuerySession();
        var events = (await query.Events.FetchStreamAsync(w.Patient)).Select(e => e.Data).ToList();
        Assert.Single(events.OfType<BreakGlassExpired>());
        Assert.Equal(0, await fixture.Get<ExpiryRunner>().RunDue());
    }

    [Fact]
    public async Task TimeTravel_RadiologistCouldOpenOnThe17th_ButNotAfterHisRemoval()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var the17th = fixture.Clock.GetUtcNow();
        await Dossiers.Open(w.Patient, w.Radiologist, w.ExamCt, As(w.Radiologist));
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        await fixture.Get<EstablishmentHandler>().RemoveStaff(w.Wissembourg, w.Radiologist, StaffRole.Radiologist, SeedWorld.System);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = fixture.Clock.GetUtcNow();

        var then = await Professionals.AsOf(w.Patient, the17th);
        var row = Assert.Single(then, r => r.ProfessionalId == w.Radiologist);
        Assert.Equal((AccessBasis.Radiologist, "WISSEMBOURG"), (row.Basis, row.Institution));
        Assert.DoesNotContain(await Professionals.AsOf(w.Patient, later), r => r.ProfessionalId == w.Radiologist);
        Assert.DoesNotContain(await Professionals.Live(w.Patient), r => r.ProfessionalId == w.Radiologist);
        await Assert.ThrowsAsync<DomainException>(() => Dossiers.Open(w.Patient, w.Radiologist, null, As(w.Radiologist)));

        var history = fixture.Get<AccessHistoryQuery>();
        Assert.Empty(await history.AsOf(w.Patient, the17th.AddSeconds(-1)));
        Assert.Single(await history.AsOf(w.Patient, later));
    }

    [Fact]
    public async Task TheHistory_IsNewestFirst_AndPagedByCursor()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var who = new[] { w.Radiologist, w.Correspondent, w.PlatformAdmin, w.EstablishmentAdmin, w.Radiologist };
        foreach (var professional in who)
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
            await Dossiers.Open(w.Patient, professional, null, As(professional));
        }

        var history = fixture.Get<AccessHistoryQuery>();
        var seen = new List<AccessHistoryEntry>();
        string? cursor = null;
        bool more;
        do
        {
            var page = await history.Page(w.Patient, 2, cursor);
            seen.AddRange(page.Entries);
            (cursor, more) = (page.EndCursor, page.HasNextPage);
        }
        while (more);

        Assert.Equal(who.Reverse().Select(p => (Guid?)p), seen.Select(e => e.ActorId));
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.OpenedAt > p.Second.OpenedAt));
        var bad = await Assert.ThrowsAsync<DomainException>(() => history.Page(w.Patient, 2, "not-a-cursor"));
        Assert.Equal("BAD_CURSOR", bad.Code);
    }

    [Fact]
    public async Task ADeactivatedPatient_SeesNothing_ButProfessionalsKeepTheirAccess()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        await fixture.Get<EMage.Projections.Accounts.AccountHandler>().Deactivate(w.PatientAccount, SeedWorld.System);

        var error = await Assert.ThrowsAsync<DomainException>(() => DossierHandler.PatientOf(fixture.Store, w.PatientAccount, default));
        Assert.Equal("ACCOUNT_DEACTIVATED", error.Code);
        Assert.Equal(AccessBasis.Correspondent, await Dossiers.Open(w.Patient, w.Correspondent, null, As(w.Correspondent)));
    }

    [Fact]
    public async Task NewDocuments_AppearWhenPublished_AndLeaveWhenSeen()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        await Dossiers.AttachReport(w.Patient, w.ExamCt, Guid.NewGuid(), SeedWorld.System);
        await Dossiers.ReceiveImages(w.Patient, w.ExamCt, 2, 120, SeedWorld.System);

        await using (var query = fixture.Store.QuerySession())
        {
            var feed = await query.LoadAsync<NewDocumentsFeed>(w.Patient);
            Assert.Equal([DocumentKind.Report, DocumentKind.Images], feed!.Newest.Select(d => d.Kind).Order());
            var exams = await query.LoadAsync<PatientExams>(w.Patient);
            Assert.Equal((2, 120), (exams!.Exams[0].SeriesCount, exams.Exams[0].InstanceCount));
        }

        await Dossiers.MarkSeen(w.PatientAccount, w.ExamCt, DocumentKind.Report, CommandContext.For(Actor.Account(w.PatientAccount)));
        await using var after = fixture.Store.QuerySession();
        Assert.Equal([DocumentKind.Images], (await after.LoadAsync<NewDocumentsFeed>(w.Patient))!.Documents.Select(d => d.Kind));
    }

    [Fact]
    public async Task ConcurrentCommandsOnOneDossier_NeverBothWin_AndNoEventIsLost()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var extra = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            var id = Guid.NewGuid();
            await fixture.Get<EMage.Projections.Professionals.ProfessionalHandler>().Register(id, SeedWorld.NextRpps(), $"Medecin{i}", "X", "Médecin", "", SeedWorld.System);
            extra.Add(id);
        }

        await Task.WhenAll(extra.Select(p => Task.Run(() => Dossiers.DeclareCorrespondent(w.Patient, w.ExamCt, p, SeedWorld.System))));
        // The same professional's break-glass asked twice at once: one grant.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            Dossiers.RequestBreakGlass(w.Patient, w.Stranger, "Patient inconscient aux urgences, imagerie antérieure nécessaire", As(w.Stranger)))));

        await using var query = fixture.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(w.Patient);
        Assert.Equal(extra.Order(), events.Select(e => e.Data).OfType<CorrespondentDeclared>().Select(c => c.ProfessionalId).Order());
        Assert.Single(events.Select(e => e.Data).OfType<BreakGlassGranted>());
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
    }
}
