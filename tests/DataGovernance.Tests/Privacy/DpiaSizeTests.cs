using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Privacy.DpiaApi;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy › DPIAs: every assessment the validator accepts is stored whole, however long; a longer one is refused with a code.</summary>
public sealed class DpiaSizeTests(HubFixture hub)
{
    // 'é' is stored as \u00E9: six characters of JSON for one of text, the worst case for the row's size.
    private static readonly string Longest = new('é', DpiaValidator.MaxTextLength);

    [Fact]
    public async Task TheLargestDpiaTheValidatorAccepts_IsStoredAndReadBack_ThroughEveryReviewStep_AndOneCharacterMoreAnswers413()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var (largest, mitigations) = Largest();

        var created = await owner.CreateDpiaAsync(tenant, Request(largest));
        var id = created.Id();
        var read = await (await owner.GetAsync($"{Dpias(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.All(read.GetProperty("answers").EnumerateArray(), answer => Assert.Equal(Longest, answer.GetProperty("explanation").GetString()));
        Assert.Equal(mitigations, read.GetProperty("risks")[0].GetProperty("mitigations").Strings());
        Assert.Equal(Longest, read.GetProperty("description").GetString());

        await (await owner.DpiaStepAsync(tenant, id, "submit", new { comment = Longest })).ExpectAsync(HttpStatusCode.OK);
        var approved = await (await dpo.DpiaStepAsync(tenant, id, "approve", new { comment = Longest, priorConsultation = Longest })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Longest, approved.GetProperty("signOff").GetProperty("priorConsultation").GetString());
        var reread = await (await owner.GetAsync($"{Dpias(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Approved", Longest), (reread.GetProperty("status").GetString(), reread.GetProperty("signOff").GetProperty("comment").GetString()));
        Assert.Equal(mitigations, reread.GetProperty("risks")[0].GetProperty("mitigations").Strings());
        Assert.Equal(["Created", "Submitted", "Approved"], reread.GetProperty("history").EnumerateArray().Select(step => step.GetProperty("action").GetString()));

        var tooLarge = Request(largest with { Risks = [largest.Risks[0] with { Mitigations = [.. mitigations, "x"] }] });
        await (await owner.PostAsJsonAsync(Dpias(tenant), tooLarge, Ct)).ExpectAsync(HttpStatusCode.RequestEntityTooLarge, "dpia-too-large");
        await (await owner.DpiaStepAsync(tenant, id, "reopen")).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync($"{Dpias(tenant)}/{id}", tooLarge, "\"4\"", Ct)).ExpectAsync(HttpStatusCode.RequestEntityTooLarge, "dpia-too-large");
        Assert.Equal(4, (await (await owner.GetAsync($"{Dpias(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task EveryReviewStep_LimitsItsComment_With422()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var id = (await owner.CreateDpiaAsync(tenant, Dpia(answers: Answers(), risks: new JsonArray(Risk(1, 2))))).Id();
        var tooLong = new string('x', DpiaReview.MaxCommentLength + 1);

        foreach (var (client, step) in new[] { (owner, "submit"), (dpo, "approve"), (dpo, "reject"), (owner, "reopen") })
        {
            var refused = await (await client.DpiaStepAsync(tenant, id, step, new { comment = tooLong })).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
            Assert.NotEmpty(refused.FieldErrors("comment"));
            await (await client.DpiaStepAsync(tenant, id, step, new { comment = "Fine." })).ExpectAsync(HttpStatusCode.OK);
            if (step == "approve")
            {
                await (await owner.DpiaStepAsync(tenant, id, "reopen")).ExpectAsync(HttpStatusCode.OK);
                await (await owner.DpiaStepAsync(tenant, id, "submit")).ExpectAsync(HttpStatusCode.OK);
            }
        }
        var submitted = await (await owner.DpiaStepAsync(tenant, id, "submit")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("InReview", submitted.GetProperty("status").GetString());
        var refusedConsultation = await (await dpo.DpiaStepAsync(tenant, id, "approve", new { priorConsultation = tooLong }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(refusedConsultation.FieldErrors("priorConsultation"));
    }

    /// <summary>Every text at its longest, and one risk whose mitigations fill what the row has left, to the character.</summary>
    private static (DpiaContent Content, string[] Mitigations) Largest()
    {
        var answers = DpiaQuestionnaire.Questions.Select(question =>
            new DpiaAnswer(question.Id, question.Kind == DpiaQuestionKind.Criterion ? DpiaAnswerValue.No : null, Longest)).ToList();
        var mitigations = new List<string>();
        DpiaContent With(IEnumerable<string> list) => new(new string('é', DpiaValidator.MaxTitleLength), Longest, answers,
            [new DpiaRisk(Longest, 1, 2, [.. list], null, null)], [], [], "dpo-1");
        while (DpiaStore.StoredLength(With([.. mitigations, Longest])) <= DpiaStore.MaxContentCharacters)
        {
            mitigations.Add(Longest);
        }
        for (var length = DpiaValidator.MaxTextLength; length > 0; length--)
        {
            if (DpiaStore.StoredLength(With([.. mitigations, new string('é', length)])) <= DpiaStore.MaxContentCharacters)
            {
                mitigations.Add(new string('é', length));
                break;
            }
        }
        var content = With(mitigations);
        Assert.InRange(DpiaStore.StoredLength(content), DpiaStore.MaxContentCharacters - 6, DpiaStore.MaxContentCharacters);
        return (content, [.. mitigations]);
    }

    private static JsonObject Request(DpiaContent content) => new()
    {
        ["title"] = content.Title,
        ["description"] = content.Description,
        ["answers"] = new JsonArray([.. content.Answers.Select(answer => (JsonNode)new JsonObject
        {
            ["questionId"] = answer.QuestionId,
            ["answer"] = answer.Answer?.ToString(),
            ["explanation"] = answer.Explanation,
        })]),
        ["risks"] = new JsonArray([.. content.Risks.Select(risk => (JsonNode)new JsonObject
        {
            ["description"] = risk.Description,
            ["likelihood"] = risk.Likelihood,
            ["severity"] = risk.Severity,
            ["mitigations"] = new JsonArray([.. risk.Mitigations.Select(mitigation => (JsonNode)JsonValue.Create(mitigation)!)]),
        })]),
        ["owner"] = content.Owner,
    };
}
