using EMage.Domain.Common;
using EMage.Domain.Dossiers;

namespace EMage.Domain.BreakGlass;

/// <summary>Rule 4: emergency access with a written justification, temporary, expiring on its own.</summary>
public static class BreakGlassRules
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);
    public const int MinJustificationLength = 20;
    public const int MinJustificationWords = 4;

    public static IReadOnlyList<object> Grant(GrantBreakGlass c, Dossier state)
    {
        if (!state.Exists)
        {
            throw DossierDecider.NotAuthorised();
        }

        var justification = c.Justification.Trim();
        var words = justification.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (justification.Length < MinJustificationLength || words < MinJustificationWords || justification.Length > 2000)
        {
            throw new DomainException("JUSTIFICATION_REQUIRED",
                "Break-glass access needs a written justification of at least one sentence (20 characters, 4 words).");
        }

        if (c.Duration <= TimeSpan.Zero || c.Duration > MaxDuration)
        {
            throw new DomainException("INVALID_DURATION", "A break-glass grant lasts more than nothing and at most 7 days.");
        }

        if (state.ActiveGrants.Values.Any(g => g.ProfessionalId == c.ProfessionalId && g.ExpiresAt > c.Now))
        {
            return [];
        }

        return [new BreakGlassGranted(c.PatientId, c.GrantId, c.ProfessionalId, justification, c.Now, c.Now + c.Duration)];
    }

    /// <summary>Appends the expiry once it is due; before that, or a second time, nothing.</summary>
    public static IReadOnlyList<object> Expire(ExpireBreakGlass c, Dossier state) =>
        state.ActiveGrants.TryGetValue(c.GrantId, out var grant) && grant.ExpiresAt <= c.Now
            ? [new BreakGlassExpired(c.PatientId, c.GrantId, grant.ProfessionalId, c.Now)]
            : [];
}
