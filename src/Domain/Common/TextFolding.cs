using System.Globalization;
using System.Text;

namespace EMage.Domain.Common;

public static class TextFolding
{
    /// <summary>Lower case without accents, so that "Élodie" matches "elodie" and "LEFEVRE" matches "Lefèvre".</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark);
        return new string(kept.ToArray()).Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }
}
