using EMage.GraphQL.Accounts;
using EMage.GraphQL.Auditors;
using EMage.GraphQL.Establishments;
using EMage.GraphQL.Patients;
using EMage.GraphQL.Professionals;
using EMage.GraphQL.Shares;
using GraphQL.Types;

namespace EMage.GraphQL.Schema;

/// <summary>The root query: each feature adds its fields.</summary>
public sealed class EmageQuery : ObjectGraphType
{
    public EmageQuery()
    {
        Name = "Query";
        Description = "Everything that can be read.";
        AccountQueries.AddTo(this);
        PatientQueries.AddTo(this);
        ShareOperations.AddQueries(this);
        AuditorQueries.AddTo(this);
        AuditorQueries.AddEventLog(this);
        ProfessionalOperations.AddQueries(this);
        EstablishmentOperations.AddQueries(this);
    }
}

/// <summary>The root mutation: each feature adds its fields.</summary>
public sealed class EmageMutation : ObjectGraphType
{
    public EmageMutation()
    {
        Name = "Mutation";
        Description = "Everything that changes something.";
        AccountMutations.AddTo(this);
        PatientMutations.AddTo(this);
        ShareOperations.AddMutations(this);
        ProfessionalOperations.AddMutations(this);
        EstablishmentOperations.AddMutations(this);
    }
}
