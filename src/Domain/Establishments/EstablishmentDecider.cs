using System.Collections.Immutable;
using EMage.Domain.Common;

namespace EMage.Domain.Establishments;

public abstract record EstablishmentCommand(Guid EstablishmentId, DateTimeOffset Now, Actor Actor);

public sealed record RegisterEstablishment(
    Guid EstablishmentId, string Finess, string Name, string City, DateTimeOffset Now, Actor Actor)
    : EstablishmentCommand(EstablishmentId, Now, Actor);

/// <summary><see cref="ProfessionalKnown"/> is looked up by the handler: only registered professionals join a staff.</summary>
public sealed record AppointStaff(
    Guid EstablishmentId, Guid ProfessionalId, StaffRole Role, bool ProfessionalKnown, DateTimeOffset Now, Actor Actor)
    : EstablishmentCommand(EstablishmentId, Now, Actor);

public sealed record RemoveStaff(Guid EstablishmentId, Guid ProfessionalId, StaffRole Role, DateTimeOffset Now, Actor Actor)
    : EstablishmentCommand(EstablishmentId, Now, Actor);

public sealed record RegisterApiClient(Guid EstablishmentId, string ClientId, DateTimeOffset Now, Actor Actor)
    : EstablishmentCommand(EstablishmentId, Now, Actor);

public sealed record RevokeApiClient(Guid EstablishmentId, string ClientId, DateTimeOffset Now, Actor Actor)
    : EstablishmentCommand(EstablishmentId, Now, Actor);

public sealed record Establishment(
    Guid Id, bool Exists, string Finess, string Name, ImmutableHashSet<(Guid Professional, StaffRole Role)> Staff, ImmutableHashSet<string> ApiClients)
{
    public static readonly Establishment Initial = new(Guid.Empty, false, "", "", [], []);

    public static Establishment Evolve(Establishment state, object @event) => @event switch
    {
        EstablishmentRegistered e => state with { Id = e.EstablishmentId, Exists = true, Finess = e.Finess, Name = e.Name },
        StaffAppointed e => state with { Staff = state.Staff.Add((e.ProfessionalId, e.Role)) },
        StaffRemoved e => state with { Staff = state.Staff.Remove((e.ProfessionalId, e.Role)) },
        ApiClientRegistered e => state with { ApiClients = state.ApiClients.Add(e.ClientId) },
        ApiClientRevoked e => state with { ApiClients = state.ApiClients.Remove(e.ClientId) },
        _ => state,
    };
}

public static class EstablishmentDecider
{
    public static IReadOnlyList<object> Decide(EstablishmentCommand command, Establishment state) => (command, state) switch
    {
        (RegisterEstablishment c, _) => Register(c, state),
        (_, { Exists: false }) => throw new DomainException("ESTABLISHMENT_NOT_FOUND", "No such establishment."),
        (AppointStaff { ProfessionalKnown: false }, _) =>
            throw new DomainException("PROFESSIONAL_NOT_FOUND", "No such professional."),
        (AppointStaff c, _) when state.Staff.Contains((c.ProfessionalId, c.Role)) => [],
        (AppointStaff c, _) => [new StaffAppointed(c.EstablishmentId, c.ProfessionalId, c.Role, c.Now)],
        (RemoveStaff c, _) when !state.Staff.Contains((c.ProfessionalId, c.Role)) => [],
        (RemoveStaff c, _) => [new StaffRemoved(c.EstablishmentId, c.ProfessionalId, c.Role, c.Now)],
        (RegisterApiClient c, _) when state.ApiClients.Contains(c.ClientId) => [],
        (RegisterApiClient c, _) => [new ApiClientRegistered(c.EstablishmentId, c.ClientId, c.Now)],
        (RevokeApiClient c, _) when !state.ApiClients.Contains(c.ClientId) => [],
        (RevokeApiClient c, _) => [new ApiClientRevoked(c.EstablishmentId, c.ClientId, c.Now)],
        _ => throw new DomainException("UNSUPPORTED_COMMAND", $"{command.GetType().Name} is not an establishment command."),
    };

    private static IReadOnlyList<object> Register(RegisterEstablishment c, Establishment state)
    {
        if (state.Exists)
        {
            return state.Finess == c.Finess
                ? []
                : throw new DomainException("ESTABLISHMENT_EXISTS", "This establishment is already registered.");
        }

        if (!Identifiers.IsValidFiness(c.Finess))
        {
            throw new DomainException("INVALID_FINESS", "A FINESS number has 9 digits, the last a Luhn check digit.");
        }

        if (string.IsNullOrWhiteSpace(c.Name) || string.IsNullOrWhiteSpace(c.City))
        {
            throw new DomainException("INVALID_NAME", "An establishment needs a name and a city.");
        }

        return [new EstablishmentRegistered(c.EstablishmentId, c.Finess, c.Name.Trim(), c.City.Trim(), c.Now)];
    }
}
