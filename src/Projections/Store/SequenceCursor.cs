using System.Globalization;
using System.Text;
using EMage.Domain.Common;

namespace EMage.Projections.Store;

/// <summary>
/// The opaque cursor of a list paged by event sequence, newest first: the sequence of the page's last
/// row, with a letter naming the list so that one list's cursor is refused by another.
/// </summary>
public static class SequenceCursor
{
    public static string Encode(char list, long sequence) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{list}:{sequence.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The sequence the next page starts below; long.MaxValue for the first page.</summary>
    public static long Before(char list, string? cursor)
    {
        if (cursor is null)
        {
            return long.MaxValue;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(cursor));
            if (text.Length > 2 && text[0] == list && text[1] == ':'
                && long.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return sequence;
            }
        }
        catch (FormatException)
        {
        }

        throw new DomainException("BAD_CURSOR", "The cursor is not one this list gave.");
    }
}
