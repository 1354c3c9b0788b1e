import assert from "node:assert/strict";
import { Node, PARAM } from "./node.ts";

Deno.test("clone copies the subtree and shares handles", () => {
  const root = new Node<string>();
  root.path = "/users/";
  root.wildChild = true;
  const param = new Node<string>(PARAM);
  param.path = ":id";
  param.key = "id";
  param.handle = { value: "user" };
  root.children = [param];

  const copy = root.clone();
  assert.notEqual(copy, root);
  assert.notEqual(copy.children[0], param);
  assert.deepEqual(copy, root);
  assert.equal(copy.children[0].handle, param.handle);

  copy.children[0].path = ":other";
  assert.equal(param.path, ":id");
});
