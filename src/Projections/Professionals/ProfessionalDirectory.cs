using System.Globalization;
using System.Text;
using EMage.Domain.Professionals;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EMage.Projections.Professionals;

/// <summary>Who a professional is, as every list shows it; <see cref="SearchKey"/> serves "nom, prénom ou RPPS".</summary>
public sealed record ProfessionalDirectoryEntry
{
    public Guid Id { get; init; }
    public string Rpps { get; init; } = "";
    public string FamilyName { get; init; } = "";
    public string GivenName { get; init; } = "";
    public string Profession { get; init; } = "";
    public string Specialty { get; init; } = "";
    public string SearchKey { get; init; } = "";

    public string DisplayName => $"{GivenName} {FamilyName}".Trim();

    /// <summary>Lower case without accents, so that "Élodie" matches "elodie".</summary>
    public static string Fold(string text) => EMage.Domain.Common.TextFolding.Fold(text);

    public bool Matches(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return true;
        }

        var words = Fold(search).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var keys = SearchKey.Split(' ');
        return words.All(w => keys.Any(k => k.StartsWith(w, StringComparison.Ordinal)));
    }
}

public sealed partial class ProfessionalDirectoryProjection : SingleStreamProjection<ProfessionalDirectoryEntry, Guid>
{
    public ProfessionalDirectoryProjection() => IncludeType<ProfessionalRegistered>();

    public override ProfessionalDirectoryEntry? Evolve(ProfessionalDirectoryEntry? snapshot, Guid id, IEvent e) => e.Data switch
    {
        ProfessionalRegistered r => new ProfessionalDirectoryEntry
        {
            Id = r.ProfessionalId, Rpps = r.Rpps, FamilyName = r.FamilyName, GivenName = r.GivenName,
            Profession = r.Profession, Specialty = r.Specialty,
            SearchKey = ProfessionalDirectoryEntry.Fold($"{r.FamilyName} {r.GivenName} {r.Rpps}"),
        },
        _ => snapshot,
    };
}
