using EMage.Domain.Dossiers;
using EMage.Domain.Establishments;
using EMage.Domain.Platform;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EMage.Projections.Dossiers;

// The three stores of facts behind ProfessionalsWithAccess. Each is folded by the same pure Evolve
// that time travel uses. A staff change touches one establishment's document, never its patients'.

public sealed record PatientAccessDocument(Guid Id, PatientAccessFacts Facts);

public sealed record EstablishmentStaffDocument(Guid Id, string Name, EstablishmentStaffFacts Facts);

public sealed record PlatformAdministratorsDocument(Guid Id, PlatformAdministratorFacts Facts);

public sealed partial class PatientAccessProjection : SingleStreamProjection<PatientAccessDocument, Guid>
{
    public PatientAccessProjection()
    {
        IncludeType<DossierCreated>();
        IncludeType<ExamPublished>();
        IncludeType<CorrespondentDeclared>();
        IncludeType<BreakGlassGranted>();
        IncludeType<BreakGlassExpired>();
    }

    public override PatientAccessDocument? Evolve(PatientAccessDocument? snapshot, Guid id, IEvent e)
    {
        snapshot ??= new PatientAccessDocument(id, PatientAccessFacts.Empty(id));
        return snapshot with { Facts = PatientAccessFacts.Evolve(snapshot.Facts, e.Data) };
    }
}

public sealed partial class EstablishmentStaffProjection : SingleStreamProjection<EstablishmentStaffDocument, Guid>
{
    public EstablishmentStaffProjection()
    {
        IncludeType<EstablishmentRegistered>();
        IncludeType<StaffAppointed>();
        IncludeType<StaffRemoved>();
    }

    public override EstablishmentStaffDocument? Evolve(EstablishmentStaffDocument? snapshot, Guid id, IEvent e)
    {
        snapshot ??= new EstablishmentStaffDocument(id, "", EstablishmentStaffFacts.Empty(id));
        return e.Data is EstablishmentRegistered r
            ? snapshot with { Name = r.Name }
            : snapshot with { Facts = EstablishmentStaffFacts.Evolve(snapshot.Facts, e.Data) };
    }
}

public sealed partial class PlatformAdministratorsProjection : SingleStreamProjection<PlatformAdministratorsDocument, Guid>
{
    public PlatformAdministratorsProjection()
    {
        IncludeType<PlatformAdministratorAppointed>();
        IncludeType<PlatformAdministratorRemoved>();
    }

    public override PlatformAdministratorsDocument? Evolve(PlatformAdministratorsDocument? snapshot, Guid id, IEvent e)
    {
        snapshot ??= new PlatformAdministratorsDocument(id, PlatformAdministratorFacts.Empty);
        return snapshot with { Facts = PlatformAdministratorFacts.Evolve(snapshot.Facts, e.Data) };
    }
}
