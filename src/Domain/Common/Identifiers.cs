using System.Numerics;

namespace EMage.Domain.Common;

/// <summary>Checks of the French identifiers the platform meets.</summary>
public static class Identifiers
{
    /// <summary>RPPS: 11 digits, the last a Luhn check digit.</summary>
    public static bool IsValidRpps(string rpps) => Luhn.IsValid(rpps, 11);

    /// <summary>FINESS: 9 digits, the last a Luhn check digit.</summary>
    public static bool IsValidFiness(string finess) => Luhn.IsValid(finess, 9);

    /// <summary>
    /// INS (NIR-based): 13 characters of NIR then a 2-digit key equal to 97 - (NIR mod 97). Corsican
    /// departments 2A and 2B count as 19 and 18.
    /// </summary>
    public static bool IsValidIns(string ins)
    {
        if (ins.Length != 15 || !ins[13..].All(char.IsAsciiDigit))
        {
            return false;
        }

        var nir = ins[..13].ToUpperInvariant();
        var offset = 0;
        if (nir[5..7] is "2A" or "2B")
        {
            var corseDuSud = nir[6] == 'A';
            offset = corseDuSud ? 1_000_000 : 2_000_000;
            nir = nir[..5] + (corseDuSud ? "19" : "18") + nir[7..];
        }

        if (!nir.All(char.IsAsciiDigit))
        {
            return false;
        }

        var value = BigInteger.Parse(nir, System.Globalization.CultureInfo.InvariantCulture) - offset;
        var key = 97 - (int)(value % 97);
        return key == int.Parse(ins[13..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
