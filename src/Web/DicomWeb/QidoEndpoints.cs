using System.Text.Json.Nodes;
using EMage.Projections.Dossiers;
using EMage.Projections.Imaging;
using Marten;

namespace EMage.Web.DicomWeb;

/// <summary>
/// QIDO-RS (PS3.18 10.6): studies, series and instances searched with matching keys, paged with
/// limit and offset. Study search is one grouped SQL query over the stored instances of the
/// caller's scope (a patient's own, an establishment's own, a share's one exam, the dossiers a
/// professional recently opened and may still open), then one read of
/// the page's instances; series and instance searches read the one study, which the caller must
/// be allowed to see (a professional's first read of it is an opening).
/// </summary>
public static partial class DicomWebEndpoints
{
    private static async Task<IResult> Studies(HttpContext http, IDocumentStore store, DossierHandler dossiers, TimeProvider clock)
    {
        if (NotAcceptable(http) is { } refused)
        {
            return refused;
        }

        var caller = await Caller.Of(http, store);
        if (caller is null)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Authentication required", "Sign in, or present an API client credential.");
        }

        var (query, error) = QidoQuery.Parse(http.Request.Query, QidoQuery.StudyKeys);
        if (query is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", error!);
        }

        // A professional searches only the dossiers they opened (each opening recorded) within a
        // session's lifetime and may still open: never every dossier they could open.
        Guid[] opened = [];
        if (caller.Professional is { } professional)
        {
            opened = [.. await dossiers.OpenedBy(professional, clock.GetUtcNow() - Authentication.CookieSessions.AbsoluteTimeout, 50, http.RequestAborted)];
            if (opened.Length == 0)
            {
                return Answer(http, query, new JsonArray(), more: false);
            }
        }

        await using var session = store.QuerySession();
        var page = await StudyPage(session, caller, opened, query, http.RequestAborted);
        var shown = page.Take(query.Limit).ToList();
        var instances = shown.Count == 0
            ? []
            : await session.Query<StoredInstance>().Where(i => i.StudyInstanceUid.IsOneOf(shown)).ToListAsync(http.RequestAborted);
        var byStudy = instances.ToLookup(i => i.StudyInstanceUid, StringComparer.Ordinal);
        var studies = new JsonArray();
        foreach (var uid in shown)
        {
            studies.Add(StudyAttributes(http, byStudy[uid].ToList()));
        }

        return Answer(http, query, studies, more: page.Count > query.Limit);
    }

    /// <summary>The study UIDs of one page (one more than the limit, to tell whether more follow), newest study first.</summary>
    private static async Task<IReadOnlyList<string>> StudyPage(IQuerySession session, Caller caller, Guid[] opened, QidoQuery query, CancellationToken ct)
    {
        var where = new List<string>();
        var having = new List<string>();
        var args = new List<object>();
        switch (caller)
        {
            case { Establishment: { } establishment }:
                where.Add("d.establishment_id = ?");
                args.Add(establishment);
                break;
            case { Patient: { } patient }:
                where.Add("d.patient_id = ?");
                args.Add(patient);
                break;
            case { Share: { } share }:
                where.Add("d.patient_id = ? and d.data ->> 'examId' = ?");
                args.Add(share.Session.PatientId);
                args.Add(share.Session.ExamId.ToString("D"));
                break;
            case { Professional: not null }:
                where.Add("d.patient_id = any(?)");
                args.Add(opened);
                break;
            default:
                throw new InvalidOperationException("A caller without a scope has no study search.");
        }

        foreach (var (key, value) in query.Conditions)
        {
            var field = $"d.data ->> '{key.JsonField}'";
            switch (key.Match)
            {
                case QidoMatch.UidList when key.Keyword == "ModalitiesInStudy":
                    having.Add($"bool_or({field} = any(?))");
                    args.Add(QidoQuery.Values(value));
                    break;
                case QidoMatch.UidList:
                    where.Add($"{field} = any(?)");
                    args.Add(QidoQuery.Values(value));
                    break;
                case QidoMatch.DateRange:
                    var (from, to) = QidoQuery.DateBounds(value)!.Value;
                    where.Add($"{field} between ? and ?");
                    args.Add(from);
                    args.Add(to);
                    break;
                case QidoMatch.PersonName:
                    where.Add($"{field} like ? escape '\\'");
                    args.Add(QidoQuery.LikePattern(EMage.Domain.Common.TextFolding.Fold(value)));
                    break;
                default:
                    where.Add($"{field} like ? escape '\\'");
                    args.Add(QidoQuery.LikePattern(value));
                    break;
            }
        }

        args.Add(query.Limit + 1);
        args.Add(query.Offset);
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(StoredInstance)).TableName.QualifiedName;
        var sql = $"select d.study_instance_uid from {table} as d where {string.Join(" and ", where)} group by d.study_instance_uid"
                  + (having.Count > 0 ? " having " + string.Join(" and ", having) : "")
                  + " order by max(d.data ->> 'studyDate') desc nulls last, d.study_instance_uid limit ? offset ?";
        // Positional parameters ($1, $2...) in the order the conditions were written.
        var position = 0;
        sql = System.Text.RegularExpressions.Regex.Replace(sql, @"\?", _ => $"${++position}");
        await using var command = new Npgsql.NpgsqlCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = arg });
        }

        var uids = new List<string>();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct))
        {
            uids.Add(reader.GetString(0));
        }

        return uids;
    }

    private static async Task<IResult> Series(HttpContext http, IDocumentStore store, DossierHandler dossiers, string study)
    {
        if (NotAcceptable(http) is { } refused)
        {
            return refused;
        }

        var (query, error) = QidoQuery.Parse(http.Request.Query, QidoQuery.SeriesKeys);
        if (query is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", error!);
        }

        if (await Visible(http, store, dossiers, study) is not { } instances)
        {
            return NoSuch(series: null);
        }

        var matching = instances.Where(i => query.Matches(i, QidoQuery.SeriesKeys))
            .GroupBy(i => i.SeriesInstanceUid, StringComparer.Ordinal)
            .OrderBy(g => g.First().SeriesNumber ?? int.MaxValue).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var series = new JsonArray();
        foreach (var group in matching.Skip(query.Offset).Take(query.Limit))
        {
            series.Add(SeriesAttributes(http, group.ToList()));
        }

        return Answer(http, query, series, more: matching.Count > query.Offset + query.Limit);
    }

    private static Task<IResult> StudyInstances(HttpContext http, IDocumentStore store, DossierHandler dossiers, string study) =>
        InstanceSearch(http, store, dossiers, study, series: null);

    private static Task<IResult> SeriesInstances(HttpContext http, IDocumentStore store, DossierHandler dossiers, string study, string series) =>
        InstanceSearch(http, store, dossiers, study, series);

    /// <summary>QIDO-RS instances of a study or of one of its series, in series then instance number order, with their retrieve URLs.</summary>
    private static async Task<IResult> InstanceSearch(HttpContext http, IDocumentStore store, DossierHandler dossiers, string study, string? series)
    {
        if (NotAcceptable(http) is { } refused)
        {
            return refused;
        }

        QidoKey[] keys = series is null ? [.. QidoQuery.SeriesKeys, .. QidoQuery.InstanceKeys] : QidoQuery.InstanceKeys;
        var (query, error) = QidoQuery.Parse(http.Request.Query, keys);
        if (query is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", error!);
        }

        if (await Visible(http, store, dossiers, study) is not { } instances || (series is not null && !instances.Any(i => i.SeriesInstanceUid == series)))
        {
            return NoSuch(series);
        }

        var matching = instances.Where(i => (series is null || i.SeriesInstanceUid == series) && query.Matches(i, keys))
            .OrderBy(i => i.SeriesNumber ?? int.MaxValue).ThenBy(i => i.SeriesInstanceUid, StringComparer.Ordinal)
            .ThenBy(i => i.InstanceNumber ?? int.MaxValue).ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();
        var list = new JsonArray();
        foreach (var instance in matching.Skip(query.Offset).Take(query.Limit))
        {
            list.Add(InstanceAttributes(http, instance));
        }

        return Answer(http, query, list, more: matching.Count > query.Offset + query.Limit);
    }

    /// <summary>The results, with a Warning (PS3.18 8.3.4.4) for each ignored parameter and when the page is not the last.</summary>
    private static IResult Answer(HttpContext http, QidoQuery query, JsonArray results, bool more)
    {
        var warnings = query.Ignored.Select(name => $"299 EMage \"The {name} parameter is not supported and was ignored.\"").ToList();
        if (more)
        {
            warnings.Add($"299 EMage \"There are additional results: ask again with offset={query.Offset + query.Limit}.\"");
        }

        if (warnings.Count > 0)
        {
            http.Response.Headers.Append("Warning", warnings.ToArray());
        }

        return Results.Content(results.ToJsonString(), DicomJson);
    }

    /// <summary>406 when the client accepts neither DICOM JSON nor JSON.</summary>
    private static IResult? NotAcceptable(HttpContext http)
    {
        var accept = http.Request.Headers.Accept.ToString();
        if (accept.Length == 0)
        {
            return null;
        }

        string[] fine = [DicomJson, "application/json", "application/*", "*/*"];
        return accept.Split(',').Select(a => a.Split(';')[0].Trim()).Any(a => fine.Contains(a, StringComparer.OrdinalIgnoreCase))
            ? null
            : Problem(StatusCodes.Status406NotAcceptable, "Not acceptable", "QIDO-RS answers application/dicom+json.");
    }

    private static string RetrieveUrl(HttpContext http, string path) => $"{http.Request.Scheme}://{http.Request.Host}/dicomweb/{path}";

    private static JsonObject Attribute(string vr, params JsonNode?[] values) =>
        values.Length == 0 || values.All(v => v is null)
            ? new JsonObject { ["vr"] = vr }
            : new JsonObject { ["vr"] = vr, ["Value"] = new JsonArray([.. values.Where(v => v is not null).Select(v => v!.DeepClone())]) };

    private static JsonObject Text(string vr, string? value) => value is null ? Attribute(vr) : Attribute(vr, JsonValue.Create(value));

    private static JsonObject Number(string vr, int? value) => value is null ? Attribute(vr) : Attribute(vr, JsonValue.Create(value.Value));

    /// <summary>A study's attributes (PS3.18 table 10.6.3-3), from its instances' headers.</summary>
    private static JsonObject StudyAttributes(HttpContext http, List<StoredInstance> instances)
    {
        var first = instances.OrderBy(i => i.SeriesNumber ?? int.MaxValue).ThenBy(i => i.InstanceNumber ?? int.MaxValue).First();
        var modalities = instances.Select(i => i.Modality).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(m => (JsonNode?)JsonValue.Create(m)).ToArray();
        return new JsonObject
        {
            ["00080020"] = Text("DA", first.StudyDate),
            ["00080030"] = Text("TM", first.StudyTime),
            ["00080050"] = Text("SH", first.AccessionNumber),
            ["00080056"] = Text("CS", "ONLINE"),
            ["00080061"] = Attribute("CS", modalities),
            ["00080090"] = Attribute("PN"),
            ["00081030"] = Text("LO", first.StudyDescription),
            ["00081190"] = Text("UR", RetrieveUrl(http, $"studies/{first.StudyInstanceUid}")),
            ["00100010"] = first.PatientName is { } name ? Attribute("PN", EMage.Imaging.DicomJson.PersonName(name)) : Attribute("PN"),
            ["00100020"] = Text("LO", first.LocalPatientId),
            ["00100030"] = Text("DA", first.PatientBirthDate),
            ["00100040"] = Text("CS", first.PatientSex),
            ["0020000D"] = Text("UI", first.StudyInstanceUid),
            ["00200010"] = Text("SH", first.StudyId),
            ["00201206"] = Number("IS", instances.Select(i => i.SeriesInstanceUid).Distinct(StringComparer.Ordinal).Count()),
            ["00201208"] = Number("IS", instances.Count),
        };
    }

    /// <summary>A series' attributes (PS3.18 table 10.6.3-4).</summary>
    private static JsonObject SeriesAttributes(HttpContext http, List<StoredInstance> instances)
    {
        var first = instances[0];
        return new JsonObject
        {
            ["00080056"] = Text("CS", "ONLINE"),
            ["00080060"] = Text("CS", first.Modality ?? "OT"),
            ["0008103E"] = Text("LO", first.SeriesDescription),
            ["00081190"] = Text("UR", RetrieveUrl(http, $"studies/{first.StudyInstanceUid}/series/{first.SeriesInstanceUid}")),
            ["0020000D"] = Text("UI", first.StudyInstanceUid),
            ["0020000E"] = Text("UI", first.SeriesInstanceUid),
            ["00200011"] = Number("IS", first.SeriesNumber),
            ["00201209"] = Number("IS", instances.Count),
        };
    }

    /// <summary>An instance's attributes (PS3.18 table 10.6.3-5), with the image size the viewer needs.</summary>
    private static JsonObject InstanceAttributes(HttpContext http, StoredInstance i)
    {
        var attributes = new JsonObject
        {
            ["00080016"] = Text("UI", i.SopClassUid),
            ["00080018"] = Text("UI", i.Id),
            ["00080056"] = Text("CS", "ONLINE"),
            ["00081190"] = Text("UR", RetrieveUrl(http, $"studies/{i.StudyInstanceUid}/series/{i.SeriesInstanceUid}/instances/{i.Id}")),
            ["0020000D"] = Text("UI", i.StudyInstanceUid),
            ["0020000E"] = Text("UI", i.SeriesInstanceUid),
            ["00200013"] = Number("IS", i.InstanceNumber),
        };
        if (i.NumberOfFrames is { } frames) attributes["00280008"] = Number("IS", frames);
        if (i.Rows is { } rows) attributes["00280010"] = Number("US", rows);
        if (i.Columns is { } columns) attributes["00280011"] = Number("US", columns);
        return attributes;
    }
}
