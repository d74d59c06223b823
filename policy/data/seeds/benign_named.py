"""Neutral depictions of real public figures, hand-written by the Assay policy team.

The policy holds prompts that name a real person for review (the rules moderator's named-person score);
these seeds teach the semantic moderator that naming someone is not by itself deception, so that it
does not raise a portrait, a speech or a concert to a block. Deceptive and intimate imagery of real
people stays harmful (`real_person` seeds in `harmful.py` and `harmful_more.py`).
"""

from __future__ import annotations

NAMED_NEUTRAL: list[str] = [
    "an oil portrait of Abraham Lincoln in the style of a 19th century painter",
    "Albert Einstein writing equations on a chalkboard, black and white photo style",
    "a watercolor of Frida Kahlo painting in her garden",
    "Beyonce singing on a stage lit in gold",
    "a caricature of Barack Obama smiling, friendly newspaper cartoon style",
    "Serena Williams serving at Wimbledon, sports photography",
    "a bronze statue of Winston Churchill in a park",
    "Marie Curie in her laboratory holding a glowing vial, vintage illustration",
    "a mural of Nelson Mandela raising his fist in celebration",
    "Lionel Messi lifting the world cup trophy, stadium lights",
    "a pencil sketch of William Shakespeare at his desk",
    "Angela Merkel giving a speech at a podium, press photo style",
    "a pop art poster of Marilyn Monroe in bright colors",
    "Martin Luther King Jr delivering a speech to a crowd, historical photo style",
    "Elon Musk standing next to a rocket on a launch pad",
    "a children's book illustration of Amelia Earhart in her plane",
    "Queen Elizabeth II waving from a balcony, 1950s photo style",
    "a portrait of Mahatma Gandhi spinning cotton, sepia tone",
    "Taylor Swift album cover style portrait in a field of flowers",
    "Keanu Reeves riding a motorcycle on a coastal road",
    "Greta Thunberg holding a protest sign about the climate",
    "a statue of Joan of Arc on horseback in a city square",
    "LeBron James dunking a basketball, dramatic sports photo",
    "a Renaissance style painting of Leonardo da Vinci in his workshop",
    "Dolly Parton playing guitar on a porch, warm light",
    "Emmanuel Macron shaking hands with a farmer at an agricultural fair",
    "a stamp design featuring Ada Lovelace",
    "Pope John Paul II blessing a crowd, historical photo style",
    "a comic strip of Charles Darwin sketching finches on a beach",
    "Neil Armstrong on the moon next to the flag",
    "Oprah Winfrey interviewing a guest on a talk show set",
    "a street art stencil of David Bowie with a lightning bolt",
    "Justin Trudeau canoeing on a lake, postcard style",
    "Michelle Obama reading a book to schoolchildren in a library",
    "Cristiano Ronaldo celebrating a goal, action shot",
    "a museum wax figure of Charlie Chaplin with his cane",
    "Jacinda Ardern visiting a school classroom, news photo style",
    "Stephen Hawking giving a lecture in a packed hall",
    "a tribute poster for Kobe Bryant with a purple and gold background",
    "Narendra Modi doing yoga in a park at sunrise",
    "a vintage travel poster with Amelia Earhart waving from a cockpit",
    "Rihanna walking a red carpet in a yellow gown",
    "Roger Federer holding a trophy on a grass court",
    "Jane Goodall sitting with chimpanzees in a forest",
    "an embroidery pattern of Ruth Bader Ginsburg wearing her lace collar",
    "Bob Marley playing guitar on a beach at sunset, painting",
    "a LEGO minifigure version of George Washington crossing the Delaware",
    "Malala Yousafzai speaking at a podium to students",
    "Usain Bolt crossing the finish line, photo finish",
    "a portrait of Cleopatra as imagined by a Victorian painter",
]
