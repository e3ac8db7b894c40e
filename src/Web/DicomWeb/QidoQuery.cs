using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EMage.Projections.Imaging;

namespace EMage.Web.DicomWeb;

/// <summary>How a QIDO-RS matching key compares (PS3.4 C.2.2.2).</summary>
public enum QidoMatch
{
    /// <summary>One UID, or a list of them (comma or backslash separated).</summary>
    UidList,

    /// <summary>Exact, with * and ? as wildcards; case-sensitive.</summary>
    Text,

    /// <summary>A person name: wildcards, case and accents aside (matched on <see cref="StoredInstance.PatientNameSearch"/>).</summary>
    PersonName,

    /// <summary>A date (YYYYMMDD) or a range: "a-b", "-b", "a-".</summary>
    DateRange,

    /// <summary>An integer string, compared as a number.</summary>
    Number,
}

/// <summary>A matching key that QIDO-RS supports: its keyword, its tag, how it matches, and where the value lies (the document's JSON field, camel case, for SQL).</summary>
public sealed record QidoKey(string Keyword, string Tag, QidoMatch Match, Func<StoredInstance, string?> Value, string? JsonField = null);

/// <summary>
/// A QIDO-RS query string (PS3.18 8.3.4): matching keys named by keyword or tag, <c>limit</c>,
/// <c>offset</c>, <c>includefield</c> and <c>fuzzymatching</c>. Keys this server does not match on are
/// ignored and named in a Warning header, as the standard asks; a malformed value is a 400.
/// </summary>
public sealed class QidoQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static readonly QidoKey[] StudyKeys =
    [
        new("StudyInstanceUID", "0020000D", QidoMatch.UidList, i => i.StudyInstanceUid, "studyInstanceUid"),
        new("PatientID", "00100020", QidoMatch.Text, i => i.LocalPatientId, "localPatientId"),
        new("PatientName", "00100010", QidoMatch.PersonName, i => i.PatientName, "patientNameSearch"),
        new("AccessionNumber", "00080050", QidoMatch.Text, i => i.AccessionNumber, "accessionNumber"),
        new("StudyDate", "00080020", QidoMatch.DateRange, i => i.StudyDate, "studyDate"),
        new("StudyDescription", "00081030", QidoMatch.Text, i => i.StudyDescription, "studyDescription"),
        new("StudyID", "00200010", QidoMatch.Text, i => i.StudyId, "studyId"),
        // Any of the study's instances: matched on the instances' Modality.
        new("ModalitiesInStudy", "00080061", QidoMatch.UidList, i => i.Modality, "modality"),
    ];

    public static readonly QidoKey[] SeriesKeys =
    [
        new("SeriesInstanceUID", "0020000E", QidoMatch.UidList, i => i.SeriesInstanceUid),
        new("Modality", "00080060", QidoMatch.UidList, i => i.Modality),
        new("SeriesNumber", "00200011", QidoMatch.Number, i => i.SeriesNumber?.ToString(CultureInfo.InvariantCulture)),
        new("SeriesDescription", "0008103E", QidoMatch.Text, i => i.SeriesDescription),
    ];

    public static readonly QidoKey[] InstanceKeys =
    [
        new("SOPInstanceUID", "00080018", QidoMatch.UidList, i => i.Id),
        new("SOPClassUID", "00080016", QidoMatch.UidList, i => i.SopClassUid),
        new("InstanceNumber", "00200013", QidoMatch.Number, i => i.InstanceNumber?.ToString(CultureInfo.InvariantCulture)),
    ];

    private static readonly HashSet<string> Controls = new(StringComparer.OrdinalIgnoreCase) { "limit", "offset", "includefield", "fuzzymatching" };

    private QidoQuery(IReadOnlyList<(QidoKey Key, string Value)> conditions, int limit, int offset, IReadOnlyList<string> ignored)
    {
        Conditions = conditions;
        Limit = limit;
        Offset = offset;
        Ignored = ignored;
    }

    public IReadOnlyList<(QidoKey Key, string Value)> Conditions { get; }

    public int Limit { get; }

    public int Offset { get; }

    /// <summary>The parameters that were not used for matching (unsupported keys, includefield, fuzzymatching).</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>Reads the query string against the keys of a level; the error is the reason a value is malformed.</summary>
    public static (QidoQuery? Query, string? Error) Parse(IQueryCollection query, IReadOnlyList<QidoKey> keys)
    {
        var conditions = new List<(QidoKey, string)>();
        var ignored = new List<string>();
        int limit = DefaultLimit, offset = 0;
        foreach (var (name, values) in query)
        {
            var value = string.Join(',', values.Where(v => !string.IsNullOrEmpty(v)));
            if (name.Equals("limit", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit)
                {
                    return (null, $"limit is a whole number from 1 to {MaxLimit}.");
                }
            }
            else if (name.Equals("offset", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
                {
                    return (null, "offset is a whole number, 0 or more.");
                }
            }
            else if (Controls.Contains(name))
            {
                ignored.Add(name);
            }
            else if (keys.FirstOrDefault(k => k.Keyword == name || k.Tag.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } key)
            {
                if (value.Length == 0)
                {
                    continue; // an empty value matches everything
                }

                if (Invalid(key, value) is { } why)
                {
                    return (null, why);
                }

                conditions.Add((key, value));
            }
            else
            {
                ignored.Add(name);
            }
        }

        return (new QidoQuery(conditions, limit, offset, ignored), null);
    }

    private static string? Invalid(QidoKey key, string value) => key.Match switch
    {
        QidoMatch.DateRange when DateBounds(value) is null => $"{key.Keyword} is a date YYYYMMDD or a range of them (YYYYMMDD-YYYYMMDD, -YYYYMMDD, YYYYMMDD-).",
        QidoMatch.Number when !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => $"{key.Keyword} is an integer.",
        QidoMatch.UidList or QidoMatch.Text or QidoMatch.PersonName when value.Length > 1024 => $"{key.Keyword} is too long.",
        _ => null,
    };

    /// <summary>Whether the instance satisfies every condition of the given keys (the others are matched elsewhere).</summary>
    public bool Matches(StoredInstance instance, IReadOnlyList<QidoKey> keys) =>
        Conditions.Where(c => keys.Contains(c.Key)).All(c => Matches(c.Key.Match, c.Key.Value(instance), c.Value));

    public static bool Matches(QidoMatch match, string? actual, string wanted)
    {
        if (actual is null)
        {
            return false;
        }

        switch (match)
        {
            case QidoMatch.UidList:
                return Values(wanted).Contains(actual, StringComparer.Ordinal);
            case QidoMatch.Number:
                return int.TryParse(actual, CultureInfo.InvariantCulture, out var a) && a == int.Parse(wanted, CultureInfo.InvariantCulture);
            case QidoMatch.DateRange:
                var (from, to) = DateBounds(wanted)!.Value;
                return string.CompareOrdinal(actual, from) >= 0 && string.CompareOrdinal(actual, to) <= 0;
            case QidoMatch.PersonName:
                return Wildcard(wanted, ignoreCase: true).IsMatch(Fold(actual));
            default:
                return Wildcard(wanted, ignoreCase: false).IsMatch(actual);
        }
    }

    /// <summary>The values of a list: UIDs or codes separated by commas or backslashes.</summary>
    public static string[] Values(string wanted) => wanted.Split([',', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The inclusive bounds of a date or date range, as YYYYMMDD strings; null when malformed.</summary>
    public static (string From, string To)? DateBounds(string value)
    {
        static bool IsDate(string s) => s.Length == 8 && DateOnly.TryParseExact(s, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return IsDate(value) ? (value, value) : null;
        }

        var (from, to) = (value[..dash], value[(dash + 1)..]);
        if ((from.Length > 0 && !IsDate(from)) || (to.Length > 0 && !IsDate(to)) || (from.Length == 0 && to.Length == 0))
        {
            return null;
        }

        return (from.Length == 0 ? "00000000" : from, to.Length == 0 ? "99999999" : to);
    }

    /// <summary>The SQL LIKE pattern of a wildcard value (* any run, ? one character), with LIKE's own characters escaped.</summary>
    public static string LikePattern(string wanted)
    {
        var pattern = new StringBuilder();
        foreach (var c in wanted)
        {
            pattern.Append(c switch
            {
                '*' => "%",
                '?' => "_",
                '%' or '_' or '\\' => "\\" + c,
                _ => c.ToString(),
            });
        }

        return pattern.ToString();
    }

    private static Regex Wildcard(string wanted, bool ignoreCase)
    {
        var pattern = "^" + Regex.Escape(ignoreCase ? Fold(wanted) : wanted).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    private static string Fold(string name) => EMage.Domain.Common.TextFolding.Fold(name);
}
