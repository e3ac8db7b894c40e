using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using static EMage.Domain.Tests.Dossiers.Seed;

namespace EMage.Domain.Tests.BreakGlass;

public class BreakGlassTests
{
    private static readonly Guid GrantId = Guid.Parse("0195a3c4-0000-7000-8000-0000000b9001");
    private const string Why = "Patient inconscient aux urgences, antécédents d'imagerie requis.";

    private static Spec<Dossier, DossierCommand> Spec() => new(Dossier.Initial, Dossier.Evolve, DossierDecider.Decide);

    private static GrantBreakGlass Request(string justification = Why, TimeSpan? duration = null) =>
        new(Patient, GrantId, Stranger, justification, duration ?? TimeSpan.FromHours(24), T0, Actor.Account(Stranger));

    private static readonly object Granted = new BreakGlassGranted(Patient, GrantId, Stranger, Why, T0, T0.AddHours(24));

    [Fact]
    public void GivenDossier_WhenJustified_ThenGrantedFor24Hours() =>
        Spec().Given(Created, CtPublished).When(Request()).Then(Granted);

    [Theory]
    [InlineData("")]
    [InlineData("urgence")]
    [InlineData("urgence vitale immédiate")]   // 24 characters but 3 words: not a sentence
    public void GivenDossier_WhenNotJustified_ThenRefused(string justification) =>
        Spec().Given(Created, CtPublished).When(Request(justification)).ThenFails("JUSTIFICATION_REQUIRED");

    [Fact]
    public void GivenNoDossier_WhenRequested_ThenNotAuthorised() =>
        Spec().When(Request()).ThenFails("NOT_AUTHORISED");

    [Fact]
    public void GivenActiveGrant_WhenRequestedAgain_ThenNothing() =>
        Spec().Given(Created, CtPublished, Granted).When(Request() with { GrantId = Guid.NewGuid() }).ThenNothing();

    [Fact]
    public void GivenDossier_WhenDurationTooLong_ThenFails() =>
        Spec().Given(Created, CtPublished).When(Request(duration: TimeSpan.FromDays(8))).ThenFails("INVALID_DURATION");

    [Fact]
    public void GivenGrant_WhenExpiryNotYetDue_ThenNothing() =>
        Spec().Given(Created, CtPublished, Granted).When(new ExpireBreakGlass(Patient, GrantId, T0.AddHours(23), Actor.System("expiry"))).ThenNothing();

    [Fact]
    public void GivenGrant_WhenExpiryDue_ThenExpired() =>
        Spec().Given(Created, CtPublished, Granted).When(new ExpireBreakGlass(Patient, GrantId, T0.AddHours(25), Actor.System("expiry")))
            .Then(new BreakGlassExpired(Patient, GrantId, Stranger, T0.AddHours(25)));

    [Fact]
    public void GivenExpired_WhenExpiryRunsAgain_ThenNothing() =>
        Spec().Given(Created, CtPublished, Granted, new BreakGlassExpired(Patient, GrantId, Stranger, T0.AddHours(25)))
            .When(new ExpireBreakGlass(Patient, GrantId, T0.AddHours(26), Actor.System("expiry"))).ThenNothing();
}
