using System.Security.Cryptography;
using System.Text.Json.Serialization;
using EMage.Domain.Accounts;
using EMage.Domain.Common;

namespace EMage.Domain.Shares;

// One stream per share: a patient sends one exam to a trusted person for a limited time (rule 6).

public sealed record ExamShared(
    Guid ShareId,
    Guid PatientId,
    Guid ExamId,
    string ExamLabel,
    string RecipientEmail,
    string? Message,
    string SecretHash,
    DateTimeOffset SharedAt,
    DateTimeOffset ExpiresAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => SharedAt;
}

public sealed record ShareUsed(Guid ShareId, Guid PatientId, Guid ExamId, string ExamLabel, string RecipientEmail, DateTimeOffset UsedAt)
    : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => UsedAt;
}

/// <summary>
/// Someone holding the link asked to open it: a one-time code went to the recipient's address, so a
/// forwarded link alone opens nothing. The code's hash is keyed by the challenge's secret.
/// </summary>
public sealed record ShareCodeSent(
    Guid ShareId, Guid PatientId, string ChallengeHash, string CodeHash, DateTimeOffset SentAt, DateTimeOffset ExpiresAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => SentAt;
}

public sealed record ShareCodeFailed(Guid ShareId, Guid PatientId, string ChallengeHash, DateTimeOffset FailedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => FailedAt;
}

public sealed record ShareRevoked(Guid ShareId, Guid PatientId, DateTimeOffset RevokedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => RevokedAt;
}

public sealed record ShareExpired(Guid ShareId, Guid PatientId, DateTimeOffset ExpiredAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => ExpiredAt;
}

public abstract record ShareCommand(Guid ShareId, DateTimeOffset Now, Actor Actor);

/// <summary><see cref="ExamLabel"/> is null when the patient has no such exam (looked up by the handler).</summary>
public sealed record ShareExam(
    Guid ShareId, Guid PatientId, Guid ExamId, string? ExamLabel, string RecipientEmail, string? Message, int Days,
    string SecretHash, DateTimeOffset Now, Actor Actor) : ShareCommand(ShareId, Now, Actor);

/// <summary>The link's holder asks for a code; the handler prepared its hashes.</summary>
public sealed record RequestShareCode(Guid ShareId, string PresentedSecretHash, string ChallengeHash, string CodeHash, DateTimeOffset Now, Actor Actor)
    : ShareCommand(ShareId, Now, Actor);

/// <summary>The code typed by the recipient: right, it is a use of the share (a share session starts).</summary>
public sealed record VerifyShareCode(Guid ShareId, string ChallengeHash, string CodeHash, DateTimeOffset Now, Actor Actor)
    : ShareCommand(ShareId, Now, Actor);

public sealed record RevokeShare(Guid ShareId, Guid RequestingPatientId, DateTimeOffset Now, Actor Actor) : ShareCommand(ShareId, Now, Actor);

public sealed record ExpireShare(Guid ShareId, DateTimeOffset Now, Actor Actor) : ShareCommand(ShareId, Now, Actor);

public sealed record ShareChallenge(string ChallengeHash, string CodeHash, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, int WrongCodes, bool Done);

public sealed record Share(
    Guid Id, bool Exists, Guid PatientId, Guid ExamId, string ExamLabel, string Recipient, string SecretHash,
    DateTimeOffset ExpiresAt, bool Revoked, bool Expired)
{
    public IReadOnlyList<ShareChallenge> Challenges { get; init; } = [];

    public static readonly Share Initial = new(Guid.Empty, false, Guid.Empty, Guid.Empty, "", "", "", default, false, false);

    public bool OpensAt(DateTimeOffset now) => Exists && !Revoked && !Expired && ExpiresAt > now;

    public static Share Evolve(Share state, object @event) => @event switch
    {
        ExamShared e => new Share(e.ShareId, true, e.PatientId, e.ExamId, e.ExamLabel, e.RecipientEmail, e.SecretHash, e.ExpiresAt, false, false),
        ShareCodeSent e => state with { Challenges = [.. state.Challenges, new ShareChallenge(e.ChallengeHash, e.CodeHash, e.SentAt, e.ExpiresAt, 0, false)] },
        ShareCodeFailed e => state with
        {
            Challenges = [.. state.Challenges.Select(c => c.ChallengeHash == e.ChallengeHash ? c with { WrongCodes = c.WrongCodes + 1 } : c)],
        },
        ShareUsed => state with { Challenges = [.. state.Challenges.Select(c => c with { Done = true })] },
        ShareRevoked => state with { Revoked = true },
        ShareExpired => state with { Expired = true },
        _ => state,
    };
}

public static class ShareDecider
{
    public const int MinDays = 1;
    public const int MaxDays = 30;
    public const int DefaultDays = 7;
    public const int MaxCodeTries = 5;
    public const int MaxCodesPerHour = 5;
    public static readonly TimeSpan CodeValidity = TimeSpan.FromMinutes(10);

    public static DomainException NotFound() => new("SHARE_NOT_FOUND", "No such share.");

    public static DomainException NoLongerValid() =>
        new("SHARE_EXPIRED", "This share has expired or was revoked.");

    public static IReadOnlyList<object> Decide(ShareCommand command, Share state) => (command, state) switch
    {
        (ShareExam c, { Exists: false }) => Create(c),
        (ShareExam c, _) when state.PatientId == c.PatientId && state.ExamId == c.ExamId => [],
        (ShareExam, _) => throw new DomainException("SHARE_EXISTS", "This share id is taken."),
        (_, { Exists: false }) => throw NotFound(),
        (RequestShareCode c, _) when !FixedTimeEquals(state.SecretHash, c.PresentedSecretHash) => throw NotFound(),
        (RequestShareCode c, _) when !state.OpensAt(c.Now) => throw NoLongerValid(),
        (RequestShareCode c, _) when state.Challenges.Count(x => x.SentAt > c.Now.AddHours(-1)) >= MaxCodesPerHour =>
            throw new DomainException("TOO_MANY_CODES", "Too many codes were asked for this share; try again in an hour."),
        (RequestShareCode c, _) => [new ShareCodeSent(state.Id, state.PatientId, c.ChallengeHash, c.CodeHash, c.Now, c.Now + CodeValidity)],
        (VerifyShareCode c, _) when !state.OpensAt(c.Now) => throw NoLongerValid(),
        (VerifyShareCode c, _) => Verify(c, state),
        (RevokeShare c, _) when c.RequestingPatientId != state.PatientId => throw NotFound(),
        (RevokeShare, { Revoked: true } or { Expired: true }) => [],
        (RevokeShare c, _) => [new ShareRevoked(state.Id, state.PatientId, c.Now)],
        (ExpireShare c, _) when state.Expired || state.Revoked || state.ExpiresAt > c.Now => [],
        (ExpireShare c, _) => [new ShareExpired(state.Id, state.PatientId, c.Now)],
        _ => throw new DomainException("UNSUPPORTED_COMMAND", $"{command.GetType().Name} is not a share command."),
    };

    public static DomainException CodeExpired() =>
        new("CODE_EXPIRED", "This code is no longer valid. Ask for a new one.");

    private static IReadOnlyList<object> Verify(VerifyShareCode c, Share state)
    {
        var challenge = state.Challenges.LastOrDefault(x => FixedTimeEquals(x.ChallengeHash, c.ChallengeHash));
        if (challenge is null || challenge.Done || challenge.ExpiresAt <= c.Now || challenge.WrongCodes >= MaxCodeTries)
        {
            throw CodeExpired();
        }

        return FixedTimeEquals(challenge.CodeHash, c.CodeHash)
            ? [new ShareUsed(state.Id, state.PatientId, state.ExamId, state.ExamLabel, state.Recipient, c.Now)]
            : [new ShareCodeFailed(state.Id, state.PatientId, challenge.ChallengeHash, c.Now)];
    }

    private static IReadOnlyList<object> Create(ShareExam c)
    {
        if (c.ExamLabel is null)
        {
            throw new DomainException("EXAM_NOT_FOUND", "No such exam in your dossier.");
        }

        if (c.Days is < MinDays or > MaxDays)
        {
            throw new DomainException("INVALID_DURATION", $"A share lasts {MinDays} to {MaxDays} days.");
        }

        var email = AccountRules.NormalizeEmail(c.RecipientEmail);
        AccountRules.EnsureEmail(email);
        if (c.Message is { Length: > 1000 })
        {
            throw new DomainException("MESSAGE_TOO_LONG", "The message is at most 1000 characters.");
        }

        return [new ExamShared(c.ShareId, c.PatientId, c.ExamId, c.ExamLabel, email, c.Message?.Trim(), c.SecretHash,
            c.Now, c.Now.AddDays(c.Days))];
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));
}
