namespace EMage.Projections.Dossiers;

/// <summary>
/// What a viewing session has already opened (a professional's study or report, a share session's
/// exam): later reads of it are not new openings. Written in the transaction of the opening it
/// marks, and inserted (never overwritten), so that of several first reads at once exactly one
/// records the opening.
/// </summary>
public sealed class ViewingMark
{
    public string Id { get; set; } = "";
}
