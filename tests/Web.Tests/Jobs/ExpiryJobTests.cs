using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Domain.Establishments;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Professionals;
using EMage.Projections.Store;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.Jobs;

public class ExpiryJobTests(EmageApp app) : IClassFixture<EmageApp>
{
    [Fact]
    public async Task TheScheduledJob_AppendsTheExpiryOfABreakGlassGrantOnceItIsDue()
    {
        var context = CommandContext.For(Actor.System("test"));
        var establishment = Guid.NewGuid();
        var doctor = Guid.NewGuid();
        var patient = Guid.NewGuid();
        await app.Services.GetRequiredService<EstablishmentHandler>().Register(establishment, "670000157", "WISSEMBOURG", "Wissembourg", context);
        await app.Services.GetRequiredService<ProfessionalHandler>().Register(doctor, "10000000017", "Meyer", "Paul", "Médecin", "Urgences", context);
        var dossiers = app.Services.GetRequiredService<DossierHandler>();
        await dossiers.Publish(new ExamToPublish(patient, new PatientIdentity("Durand", "Marie", new DateOnly(1984, 5, 12), Sex.Female, null, null),
            Guid.NewGuid(), establishment, "Scanner", "CT", app.Clock.GetUtcNow().AddHours(-1), "A1", "1.2.3", []), context);
        await dossiers.RequestBreakGlass(patient, doctor, "Patient inconscient aux urgences, imagerie antérieure nécessaire", context);

        await Task.Delay(600); // several runs of the job: nothing is due yet
        Assert.Empty(await Expiries(patient));

        app.Clock.Advance(TimeSpan.FromHours(24));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await Expiries(patient)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(600); // and later runs add nothing
        Assert.Single(await Expiries(patient));
    }

    private async Task<IReadOnlyList<BreakGlassExpired>> Expiries(Guid patient)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(patient)).Select(e => e.Data).OfType<BreakGlassExpired>().ToList();
    }
}
