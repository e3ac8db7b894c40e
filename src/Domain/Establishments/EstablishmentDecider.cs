using EMage.Domain.Common;

namespace EMage.Domain.Establishments;

public sealed record RegisterEstablishment(
    Guid EstablishmentId, string Finess, string Name, string City, DateTimeOffset Now, Actor Actor);

public sealed record Establishment(Guid Id, bool Exists, string Finess)
{
    public static readonly Establishment Initial = new(Guid.Empty, false, "");

    public static Establishment Evolve(Establishment state, object @event) => @event switch
    {
        EstablishmentRegistered e => new Establishment(e.EstablishmentId, true, e.Finess),
        _ => state,
    };
}

public static class EstablishmentDecider
{
    public static IReadOnlyList<object> Decide(RegisterEstablishment c, Establishment state)
    {
        if (state.Exists)
        {
            return state.Finess == c.Finess
                ? []
                : throw new DomainException("ESTABLISHMENT_EXISTS", "This establishment is already registered.");
        }

        if (!Luhn.IsValid(c.Finess, 9))
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
