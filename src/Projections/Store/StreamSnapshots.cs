using System.Collections.Immutable;
using System.Text.Json;
using EMage.Domain.Accounts;
using EMage.Domain.Dossiers;

namespace EMage.Projections.Store;

/// <summary>
/// A stream's folded write-side state at a version, so that a command on a long stream reads the
/// snapshot and the events after it instead of the whole stream. Written in the transaction of an
/// append (so it is never ahead of the events, and a conflicting append writes none), every
/// <see cref="IStateSnapshotter.Every"/> events. Only a cache: deleting every snapshot changes nothing.
/// </summary>
public sealed class StreamSnapshot
{
    /// <summary>"{kind}:{stream id}".</summary>
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string State { get; set; } = "";
}

/// <summary>How one state type is saved and restored exactly. Its <see cref="Kind"/> names the shape: change it when the state changes.</summary>
public interface IStateSnapshotter
{
    Type StateType { get; }
    string Kind { get; }
    int Every { get; }
    string Save(object state);
    object Restore(string json);
}

/// <summary>
/// The dossier's state (its exams, grants and unseen documents), through plain lists: the state's
/// immutable sets of tuples do not survive System.Text.Json as they are.
/// </summary>
public sealed class DossierSnapshotter : IStateSnapshotter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Type StateType => typeof(Dossier);
    public string Kind => "dossier-v1";
    public int Every => 50;

    private sealed record ExamState(Guid Id, Guid EstablishmentId, string Label, string AccessionNumber, string StudyInstanceUid,
        List<Guid> Correspondents, Guid? ReportId, int Instances);

    private sealed record UnseenDocument(Guid ExamId, DocumentKind Kind);

    private sealed record State(Guid PatientId, bool Exists, List<ExamState> Exams, List<Grant> Grants, List<UnseenDocument> Unseen);

    public string Save(object state)
    {
        var d = (Dossier)state;
        return JsonSerializer.Serialize(new State(d.PatientId, d.Exists,
            [.. d.Exams.Values.Select(e => new ExamState(e.Id, e.EstablishmentId, e.Label, e.AccessionNumber, e.StudyInstanceUid,
                [.. e.Correspondents], e.ReportId, e.Instances))],
            [.. d.ActiveGrants.Values],
            [.. d.Unseen.Select(u => new UnseenDocument(u.ExamId, u.Kind))]), Json);
    }

    public object Restore(string json)
    {
        var s = JsonSerializer.Deserialize<State>(json, Json) ?? throw new JsonException("An empty dossier snapshot.");
        return new Dossier(s.PatientId, s.Exists,
            s.Exams.ToImmutableDictionary(e => e.Id, e => new Exam(e.Id, e.EstablishmentId, e.Label, e.AccessionNumber, e.StudyInstanceUid,
                [.. e.Correspondents], e.ReportId, e.Instances)),
            s.Grants.ToImmutableDictionary(g => g.GrantId),
            [.. s.Unseen.Select(u => (u.ExamId, u.Kind))]);
    }
}

/// <summary>
/// An account's state (also an unknown e-mail's attempts stream): every sign-in adds three or four
/// events, so a long-lived account would otherwise fold years of sign-ins at each one.
/// </summary>
public sealed class AccountSnapshotter : IStateSnapshotter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Type StateType => typeof(Account);
    public string Kind => "account-v1";
    public int Every => 50;

    private sealed record State(Guid Id, bool Exists, string Email, AccountRole Role, bool HasPassword, bool Active, int ConsecutiveFailures,
        DateTimeOffset? LockedUntil, List<IssuedLink> Links, SignInChallenge? Challenge);

    public string Save(object state)
    {
        var a = (Account)state;
        return JsonSerializer.Serialize(new State(a.Id, a.Exists, a.Email, a.Role, a.HasPassword, a.Active, a.ConsecutiveFailures,
            a.LockedUntil, [.. a.Links], a.Challenge), Json);
    }

    public object Restore(string json)
    {
        var s = JsonSerializer.Deserialize<State>(json, Json) ?? throw new JsonException("An empty account snapshot.");
        return new Account(s.Id, s.Exists, s.Email, s.Role, s.HasPassword, s.Active, s.ConsecutiveFailures, s.LockedUntil)
        {
            Links = [.. s.Links],
            Challenge = s.Challenge,
        };
    }
}
