using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Accounts;
using EMage.Projections.Store;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests;

/// <summary>Scenario helpers: the situations tests start from, built through the real handlers.</summary>
public static class Scenarios
{
    public const string Password = "une phrase de passe solide";

    public static async Task<(Guid Id, string Email)> PatientWithAccount(this EmageApp app)
    {
        var accounts = app.Services.GetRequiredService<AccountHandler>();
        var email = $"patient-{Guid.NewGuid():N}@example.fr";
        var context = CommandContext.For(Actor.System("test"));
        var id = await accounts.Provision(email, AccountRole.Patient, "Marie Durand", Guid.NewGuid(), context);
        await accounts.SetPassword(id, Password, context);
        return (id, email);
    }
}
