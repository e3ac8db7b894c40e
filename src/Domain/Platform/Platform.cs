using System.Collections.Immutable;
using System.Text.Json.Serialization;
using EMage.Domain.Common;

namespace EMage.Domain.Platform;

// One stream for the platform's own staff: administrators (who may open every dossier) and auditors.

public sealed record PlatformAdministratorAppointed(Guid ProfessionalId, DateTimeOffset AppointedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => AppointedAt;
}

public sealed record PlatformAdministratorRemoved(Guid ProfessionalId, DateTimeOffset RemovedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => RemovedAt;
}

public sealed record AuditorAppointed(Guid AccountId, DateTimeOffset AppointedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => AppointedAt;
}

public sealed record AuditorRemoved(Guid AccountId, DateTimeOffset RemovedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => RemovedAt;
}

public abstract record PlatformCommand(Guid Subject, DateTimeOffset Now, Actor Actor);
public sealed record AppointPlatformAdministrator(Guid Subject, bool ProfessionalKnown, DateTimeOffset Now, Actor Actor) : PlatformCommand(Subject, Now, Actor);
public sealed record RemovePlatformAdministrator(Guid Subject, DateTimeOffset Now, Actor Actor) : PlatformCommand(Subject, Now, Actor);
public sealed record AppointAuditor(Guid Subject, DateTimeOffset Now, Actor Actor) : PlatformCommand(Subject, Now, Actor);
public sealed record RemoveAuditor(Guid Subject, DateTimeOffset Now, Actor Actor) : PlatformCommand(Subject, Now, Actor);

public sealed record PlatformStaff(ImmutableHashSet<Guid> Administrators, ImmutableHashSet<Guid> Auditors)
{
    /// <summary>The platform stream's fixed id.</summary>
    public static readonly Guid StreamId = Guid.Parse("00000000-0000-0000-0000-00000000e1a6");

    public static readonly PlatformStaff Initial = new([], []);

    public static PlatformStaff Evolve(PlatformStaff state, object @event) => @event switch
    {
        PlatformAdministratorAppointed e => state with { Administrators = state.Administrators.Add(e.ProfessionalId) },
        PlatformAdministratorRemoved e => state with { Administrators = state.Administrators.Remove(e.ProfessionalId) },
        AuditorAppointed e => state with { Auditors = state.Auditors.Add(e.AccountId) },
        AuditorRemoved e => state with { Auditors = state.Auditors.Remove(e.AccountId) },
        _ => state,
    };

    public static IReadOnlyList<object> Decide(PlatformCommand command, PlatformStaff state) => command switch
    {
        AppointPlatformAdministrator { ProfessionalKnown: false } =>
            throw new DomainException("PROFESSIONAL_NOT_FOUND", "No such professional."),
        AppointPlatformAdministrator c when state.Administrators.Contains(c.Subject) => [],
        AppointPlatformAdministrator c => [new PlatformAdministratorAppointed(c.Subject, c.Now)],
        RemovePlatformAdministrator c when !state.Administrators.Contains(c.Subject) => [],
        RemovePlatformAdministrator c => [new PlatformAdministratorRemoved(c.Subject, c.Now)],
        AppointAuditor c when state.Auditors.Contains(c.Subject) => [],
        AppointAuditor c => [new AuditorAppointed(c.Subject, c.Now)],
        RemoveAuditor c when !state.Auditors.Contains(c.Subject) => [],
        RemoveAuditor c => [new AuditorRemoved(c.Subject, c.Now)],
        _ => throw new DomainException("UNSUPPORTED_COMMAND", $"{command.GetType().Name} is not a platform command."),
    };
}

/// <summary>An auditor read something: written to the auditor's own account stream, so that reads are audited too.</summary>
public sealed record AuditorReadRecorded(Guid AccountId, string Query, Guid? PatientId, DateTimeOffset? AsOf, DateTimeOffset ReadAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => ReadAt;
}
