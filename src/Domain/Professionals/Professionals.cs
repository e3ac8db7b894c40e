using System.Text.Json.Serialization;
using EMage.Domain.Common;

namespace EMage.Domain.Professionals;

public sealed record ProfessionalRegistered(
    Guid ProfessionalId,
    string Rpps,
    string FamilyName,
    string GivenName,
    string Profession,
    string Specialty,
    DateTimeOffset RegisteredAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => RegisteredAt;
}

/// <summary>
/// A professional searched for patients (<c>findPatients</c>) and was shown these: not an opening
/// (nothing of the dossiers but the identities), but a read by someone other than the patients, so a
/// fact for the auditors, on the professional's stream. What was typed is kept, as a search log would.
/// </summary>
public sealed record PatientSearchRecorded(Guid ProfessionalId, string Name, DateOnly? BirthDate, IReadOnlyList<Guid> PatientIds, DateTimeOffset SearchedAt)
    : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => SearchedAt;
}

public sealed record RegisterProfessional(
    Guid ProfessionalId, string Rpps, string FamilyName, string GivenName, string Profession, string Specialty,
    DateTimeOffset Now, Actor Actor);

public sealed record Professional(Guid Id, bool Exists, string Rpps)
{
    public static readonly Professional Initial = new(Guid.Empty, false, "");

    public static Professional Evolve(Professional state, object @event) => @event switch
    {
        ProfessionalRegistered e => new Professional(e.ProfessionalId, true, e.Rpps),
        _ => state,
    };
}

public static class ProfessionalDecider
{
    public static IReadOnlyList<object> Decide(RegisterProfessional c, Professional state)
    {
        if (state.Exists)
        {
            return state.Rpps == c.Rpps
                ? []
                : throw new DomainException("PROFESSIONAL_EXISTS", "This professional is already registered.");
        }

        if (!Identifiers.IsValidRpps(c.Rpps))
        {
            throw new DomainException("INVALID_RPPS", "An RPPS number has 11 digits, the last a Luhn check digit.");
        }

        if (string.IsNullOrWhiteSpace(c.FamilyName) || string.IsNullOrWhiteSpace(c.Profession))
        {
            throw new DomainException("INVALID_NAME", "A professional needs a family name and a profession.");
        }

        return [new ProfessionalRegistered(c.ProfessionalId, c.Rpps, c.FamilyName.Trim(), c.GivenName.Trim(),
            c.Profession.Trim(), string.IsNullOrWhiteSpace(c.Specialty) ? "Sans spécialité" : c.Specialty.Trim(), c.Now)];
    }
}
