import { describe, expect, it } from "vitest";
import { activityToValues, emptyActivity, validateActivity, valuesToBody } from "./activityForm";

describe("activity form", () => {
  it("asks for a title and an end after the start", () => {
    const v = {
      ...emptyActivity(new Date("2026-03-01T10:00:00")),
      ends_at: "2026-03-01T08:00",
      starts_at: "2026-03-02T09:00",
    };
    const errors = validateActivity(v);
    expect(errors.title).toMatch(/title/);
    expect(errors.ends_at).toMatch(/not be before the start/);
  });

  it("refuses a country that is not two letters, odd counts and both roles at once", () => {
    const v = {
      ...emptyActivity(),
      title: "x",
      country: "Kenya",
      women: "-1",
      facilitator_ids: ["o1"],
      participant_ids: ["o1"],
    };
    const errors = validateActivity(v);
    expect(errors.country).toBeDefined();
    expect(errors.participants_by_gender).toBeDefined();
    expect(errors.participant_ids).toMatch(/either facilitating or participating/);
  });

  it("turns the values into the API's body and back", () => {
    const v = {
      ...emptyActivity(),
      title: " Learning visit ",
      country: "mw",
      themes: "public health, , land rights",
      women: "3",
      participants_count: "5",
    };
    const body = valuesToBody(v);
    expect(body.title).toBe("Learning visit");
    expect(body.country).toBe("MW");
    expect(body.themes).toEqual(["public health", "land rights"]);
    expect(body.participants_by_gender).toEqual({ women: 3, men: 0, non_binary: 0, undisclosed: 0 });
    expect(body.participants_count).toBe(5);
    expect(body.series_id).toBeNull();
    expect(new Date(body.starts_at).toISOString()).toBe(body.starts_at);
    const back = activityToValues({
      ...body,
      id: "1",
      network_id: "n",
      created_by: null,
      created_at: "",
      updated_at: "",
      description: "",
      location: "",
      modality: "online",
      status: "planned",
      capacity_areas: [],
      skill_kinds: [],
      facilitator_ids: [],
      participant_ids: [],
      cascade_of: null,
      series_id: null,
      follow_up_expected: true,
    } as never);
    expect(back.women).toBe("3");
    expect(back.themes).toBe("public health, land rights");
  });
});
