using EMage.Testing;
using System.Text.Json;
using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Domain.Shares;
using EMage.Projections.Accounts;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Expiry;
using EMage.Projections.Professionals;
using EMage.Projections.Shares;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Tests.Dossiers;

public class ShareAndRebuildTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private ShareHandler Shares => fixture.Get<ShareHandler>();

    private Task<string> FromOutbox(string kind, string to, string pattern) => OutboxText.Capture(fixture.Store, kind, to, pattern);

    private Task<string> LinkTo(string to) => FromOutbox("share-invitation", to, @"#(\S+)");

    private Task<string> CodeTo(string to) => FromOutbox("share-code", to, @": (\d{6})");

    /// <summary>The recipient opens the link and types the e-mailed code.</summary>
    private async Task<Domain.Shares.Share> Open(string to, CommandContext recipient)
    {
        var challenge = await Shares.RequestCode(await LinkTo(to), recipient);
        return await Shares.VerifyCode(challenge.Challenge, await CodeTo(to), recipient);
    }

    [Fact]
    public async Task AShare_IsOpenedByTheLinkAndTheMailedCode_ShowsInTheHistory_AndOpensNothingOnceRevoked()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var patient = CommandContext.For(Actor.Account(w.PatientAccount));
        var recipient = CommandContext.For(Actor.Anonymous("198.51.100.7"));

        var created = await Shares.Share(w.PatientAccount, w.ExamCt, "Ami@Example.fr", "Pour ton avis", 7, patient);
        Assert.Equal(fixture.Clock.GetUtcNow().AddDays(7), created.ExpiresAt);
        var link = await LinkTo("ami@example.fr");
        Assert.Equal("SHARE_NOT_FOUND", (await Assert.ThrowsAsync<DomainException>(() => Shares.RequestCode(link + "x", recipient))).Code);
        var challenge = await Shares.RequestCode(link, recipient);
        Assert.Equal("a•••@example.fr", challenge.SentTo);
        var code = await CodeTo("ami@example.fr");
        var wrong = code == "000000" ? "000001" : "000000";
        Assert.Equal("CODE_INVALID", (await Assert.ThrowsAsync<DomainException>(() => Shares.VerifyCode(challenge.Challenge, wrong, recipient))).Code);

        var used = await Shares.VerifyCode(challenge.Challenge, code, recipient);
        Assert.Equal(w.ExamCt, used.ExamId);
        Assert.Equal("CODE_EXPIRED", (await Assert.ThrowsAsync<DomainException>(() => Shares.VerifyCode(challenge.Challenge, code, recipient))).Code);
        var row = Assert.Single((await fixture.Get<AccessHistoryQuery>().Page(w.Patient, 10)).Entries);
        Assert.Equal((AccessBasis.Share, "ami@example.fr", "Scanner thoracique"), (row.Basis, row.ActorName, row.ExamLabel));

        await using (var query = fixture.Store.QuerySession())
        {
            var summary = await query.LoadAsync<ShareSummary>(created.ShareId);
            Assert.Equal((1, ShareStatus.Active), (summary!.Uses, summary.Status));
            var raw = await query.AdvancedSql.QueryAsync<string>("select data::text from emage.mt_events", CancellationToken.None);
            Assert.DoesNotContain(raw, d => d.Contains(link.Split('.')[1], StringComparison.Ordinal) || d.Contains(code, StringComparison.Ordinal));
        }

        await Shares.Revoke(w.PatientAccount, created.ShareId, patient);
        var refused = await Assert.ThrowsAsync<DomainException>(() => Shares.RequestCode(link, recipient));
        Assert.Equal("SHARE_EXPIRED", refused.Code);
    }

    [Fact]
    public async Task AShare_ExpiresOnItsOwn_ThroughTheExpiryJob()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var created = await Shares.Share(w.PatientAccount, w.ExamCt, "ami@example.fr", null, 1, CommandContext.For(Actor.Account(w.PatientAccount)));

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await fixture.Get<ExpiryRunner>().RunDue();

        await using var query = fixture.Store.QuerySession();
        Assert.Equal(ShareStatus.Expired, (await query.LoadAsync<ShareSummary>(created.ShareId))!.Status);
        Assert.Single((await query.Events.FetchStreamAsync(created.ShareId)).Select(e => e.Data).OfType<ShareExpired>());
    }

    [Fact]
    public async Task AShareOfAnotherPatientsExam_IsRefused()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var other = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            Shares.Share(w.PatientAccount, other.ExamCt, "ami@example.fr", null, 7, CommandContext.For(Actor.Account(w.PatientAccount))));
        Assert.Equal("EXAM_NOT_FOUND", error.Code);
    }

    [Fact]
    public async Task AFullRebuild_EqualsTheLiveReadModels()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var dossiers = fixture.Get<DossierHandler>();
        await dossiers.Open(w.Patient, w.Radiologist, w.ExamCt, CommandContext.For(Actor.Account(w.Radiologist)));
        await dossiers.AttachReport(w.Patient, w.ExamCt, Guid.NewGuid(), SeedWorld.System);
        await dossiers.RequestBreakGlass(w.Patient, w.Stranger, "Patient inconscient aux urgences, imagerie antérieure nécessaire", SeedWorld.System);
        var share = await Shares.Share(w.PatientAccount, w.ExamCt, "ami@example.fr", null, 3, CommandContext.For(Actor.Account(w.PatientAccount)));
        await Open("ami@example.fr", SeedWorld.System);

        var live = await Everything();
        Assert.Contains("Scanner thoracique", live, StringComparison.Ordinal);

        // Damage the read models: the rebuild must restore them from the events alone.
        await using (var session = fixture.Store.LightweightSession())
        {
            session.DeleteWhere<AccessHistoryEntry>(x => x.PatientId == w.Patient);
            session.Delete<PatientExams>(w.Patient);
            session.DeleteWhere<ExamLookup>(x => x.PatientId == w.Patient);
            await session.SaveChangesAsync();
        }

        Assert.NotEqual(live, await Everything());
        await ProjectionRebuilder.RebuildAll(fixture.Store);

        Assert.Equal(live, await Everything());
    }

    private async Task<string> Everything()
    {
        await using var query = fixture.Store.QuerySession();
        var parts = new List<string>
        {
            await All<AccountStatus>(query, x => x.Id.ToString()),
            await All<EstablishmentDirectoryEntry>(query, x => x.Id.ToString()),
            await All<ProfessionalDirectoryEntry>(query, x => x.Id.ToString()),
            await All<PatientAccessDocument>(query, x => x.Id.ToString()),
            await All<EstablishmentStaffDocument>(query, x => x.Id.ToString()),
            await All<PlatformAdministratorsDocument>(query, x => x.Id.ToString()),
            await All<AccessHistoryEntry>(query, x => x.Id.ToString()),
            await All<PatientExams>(query, x => x.Id.ToString()),
            await All<ExamLookup>(query, x => x.Id.ToString()),
            await All<NewDocumentsFeed>(query, x => x.Id.ToString()),
            await All<ShareSummary>(query, x => x.Id.ToString()),
            await All<ScheduledExpiry>(query, x => x.Id.ToString()),
        };
        return string.Join('\n', parts);
    }

    private static async Task<string> All<T>(IQuerySession query, Func<T, string> key) where T : notnull
    {
        var docs = await query.Query<T>().ToListAsync();
        return typeof(T).Name + ": " + string.Join('\n', docs.OrderBy(key, StringComparer.Ordinal).Select(d => JsonSerializer.Serialize(d)));
    }
}

public class DirectoryAndReactivationTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task TheDirectory_MarksTheEstablishmentsHoldingThePatientsExams()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var rows = await fixture.Get<EstablishmentDirectoryQuery>().ForPatient(w.Patient);
        Assert.True(rows.Single(r => r.Establishment.Id == w.Wissembourg).HoldsMyExams);
        Assert.False(rows.Single(r => r.Establishment.Id == w.Haguenau).HoldsMyExams);
    }

    [Fact]
    public async Task AReactivatedPatient_SeesTheDossierAgain()
    {
        var w = await SeedWorld.Build(fixture.Services, fixture.Clock);
        var accounts = fixture.Get<AccountHandler>();
        await accounts.Deactivate(w.PatientAccount, SeedWorld.System);
        await Assert.ThrowsAsync<DomainException>(() => DossierHandler.PatientOf(fixture.Store, w.PatientAccount, default));

        await accounts.Reactivate(w.PatientAccount, SeedWorld.System);
        Assert.Equal(w.Patient, await DossierHandler.PatientOf(fixture.Store, w.PatientAccount, default));
    }
}
