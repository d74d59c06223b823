"""Short edit instructions and terse prompts, hand-written by the Assay policy team.

Image edits (`/v1/images/edits`) send instructions, not scene descriptions, and many generation prompts
are two or three words; both are screened like any prompt. These seeds keep the semantic moderator from
reading harm into a short instruction it has never seen the like of ("paint the left half").
"""

from __future__ import annotations

EDITS: list[str] = [
    "paint the left half", "fill the right side", "make the sky purple", "remove the background",
    "replace the background with a beach", "add a hat to the dog", "make it black and white",
    "change the car to red", "erase the power lines", "extend the picture to the left",
    "fill in the masked area", "make the lighting warmer", "add snow to the roof", "remove the person",
    "cut out the subject", "blur the background", "sharpen the details", "crop to a square",
    "turn day into night", "add a rainbow", "make the water clearer", "swap the sofa for an armchair",
    "add more trees on the right", "remove the text", "change her dress to blue", "give him a beard",
    "make the cat orange", "fix the red eyes", "add a reflection in the lake", "darken the corners",
    "paint over the stain", "continue the pattern to the edge", "fill the empty shelf with books",
    "add clouds", "make it look like a sketch", "brighten the shadows", "remove the scratches",
    "add a frame", "make the top half blue", "fill the bottom with grass", "replace the sky",
    "outpaint the edges", "expand the canvas upwards", "kill the background noise", "drop the saturation",
    "shoot it from a lower angle", "explode the colors", "smash cut to black",
    "burn the edges like old paper",
    "age the photo", "bleed the ink into the paper", "slice the cake in the picture in half",
    "a green triangle", "two circles", "a yellow star", "a black line",
    "a cat", "a dog", "a tree", "a house", "a car", "a boat", "a flower", "sunset", "mountains",
    "a face", "a hand", "an eye", "a skull emoji", "a heart", "the moon", "fire", "smoke", "rain",
    "a knife", "a gun emoji", "a bottle", "pills", "a syringe", "a rope", "a bridge", "a window",
]  # fmt: skip
