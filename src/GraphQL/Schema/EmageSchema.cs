using Microsoft.Extensions.DependencyInjection;

namespace EMage.GraphQL.Schema;

public sealed class EmageSchema : global::GraphQL.Types.Schema
{
    public EmageSchema(IServiceProvider services) : base(services)
    {
        Description = "EMage: shared medical imaging. Patients, professionals, establishments and auditors.";
        Query = services.GetRequiredService<EmageQuery>();
        Mutation = services.GetRequiredService<EmageMutation>();
        Subscription = services.GetRequiredService<Subscriptions.EmageSubscription>();
    }
}
