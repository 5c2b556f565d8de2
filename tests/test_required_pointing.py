"""Where a `required` finding points: at the first sentence with words, never at a public reply's
leading @handle, which is an address the writer cannot change."""

import json

from typer.testing import CliRunner

from etiket.cli import app


def check(tmp_path, draft, customer, lang):
    reply = tmp_path / "reply.txt"
    reply.write_text(draft, encoding="utf-8")
    context = tmp_path / "customer.txt"
    context.write_text(customer, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--format", "json", "--channel", "social", "--lang", lang,
                                      "--select", "transparency/problem-without-solution",
                                      "--context", str(context), str(reply)])
    return json.loads(result.stdout)["items"][0]["findings"]


def test_problem_without_solution_skips_the_leading_handle_en(tmp_path):
    [finding] = check(tmp_path, "@tom_b Sorry to hear that, Tom. That's not the experience we want.\n",
                      "@ShopCare my order arrived damaged", "en")
    assert (finding["line"], finding["column"], finding["text"]) == (1, 8, "Sorry to hear that, Tom.")


def test_problem_without_solution_skips_the_leading_handle_id(tmp_path):
    [finding] = check(tmp_path, "@rina_w Mohon maaf Kak, itu bukan pengalaman yang kami harapkan.\n",
                      "kurir kalian kasar, gelas pecah semua", "id")
    assert (finding["line"], finding["column"]) == (1, 9)
    assert finding["text"] == "Mohon maaf Kak, itu bukan pengalaman yang kami harapkan."
