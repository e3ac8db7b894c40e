using EMage.Domain.Common;

namespace EMage.Domain.Tests.Common;

public class IdentifiersTests
{
    [Theory]
    [InlineData("184057512345625", true)]
    [InlineData("285021901234578", true)]
    [InlineData("185022A01234558", true)]   // Corsica: 2A counts as 19, minus 1,000,000
    [InlineData("184057512345626", false)]
    [InlineData("18405751234562", false)]
    [InlineData("18405751234562X", false)]
    public void Ins_KeyIs97MinusNirMod97(string ins, bool valid) => Assert.Equal(valid, Identifiers.IsValidIns(ins));

    [Theory]
    [InlineData("10000000017", true)]
    [InlineData("10000000018", false)]
    [InlineData("1000000001", false)]
    public void Rpps_IsElevenDigitsWithALuhnKey(string rpps, bool valid) => Assert.Equal(valid, Identifiers.IsValidRpps(rpps));

    [Theory]
    [InlineData("1000000001", "10000000017")]
    [InlineData("67000015", "670000157")]
    [InlineData("67000006", "670000066")]
    public void Luhn_CompletesDigitsWithTheirCheckDigit(string digits, string expected) => Assert.Equal(expected, Luhn.WithCheckDigit(digits));
}
